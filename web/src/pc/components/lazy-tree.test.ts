import { describe, expect, it } from 'vitest';
import { findNode, withChildren, type LazyNode } from './lazy-tree';

const node = (key: string, children?: LazyNode<string>[]): LazyNode<string> => ({
  key,
  value: key,
  title: key,
  isLeaf: false,
  data: key,
  children,
});

describe('lazy tree helpers', () => {
  it('attaches loaded children deep in the tree without touching other branches', () => {
    const tree = [node('37', [node('3701'), node('3702')]), node('11')];
    const next = withChildren(tree, '3701', [node('370102')]);
    expect(findNode(next, (n) => n.key === '370102')?.data).toBe('370102');
    expect(next[1]).toBe(tree[1]);
    expect(tree[0]?.children?.[0]?.children).toBeUndefined();
  });

  it('marks a node without children as a leaf', () => {
    const next = withChildren([node('37')], '37', []);
    expect(next[0]).toMatchObject({ isLeaf: true, children: [] });
  });
});
