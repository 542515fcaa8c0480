// A tree whose children are fetched when a node is expanded (regions, organisations).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

export interface LazyNode<T> {
  key: string;
  value: string | number;
  title: ReactNode;
  isLeaf: boolean;
  selectable?: boolean;
  data: T;
  /** undefined = not loaded yet */
  children?: LazyNode<T>[];
}

export type NodeOf<T> = Omit<LazyNode<T>, 'children'>;

export function findNode<T>(
  nodes: readonly LazyNode<T>[],
  match: (node: LazyNode<T>) => boolean,
): LazyNode<T> | undefined {
  for (const node of nodes) {
    if (match(node)) return node;
    const found = node.children ? findNode(node.children, match) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** A copy of `nodes` where the node `key` has `children` (and is a leaf when there are none). */
export function withChildren<T>(nodes: readonly LazyNode<T>[], key: string, children: LazyNode<T>[]): LazyNode<T>[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children, isLeaf: children.length === 0 };
    if (node.children) return { ...node, children: withChildren(node.children, key, children) };
    return node;
  });
}

export interface LazyTree<T> {
  treeData: LazyNode<T>[];
  loading: boolean;
  /** For antd Tree/TreeSelect `loadData`. */
  loadData: (node: { key?: string | number | bigint }) => Promise<void>;
  /** Reloads the top level (collapses everything). */
  reload: () => Promise<void>;
  /** Reloads the children of one loaded node (after a create/update/revoke under it). */
  refreshNode: (key: string) => Promise<void>;
}

/**
 * @param load fetches the children of `parent` (undefined: the top level); keep it stable or put its inputs in `deps`
 * @param toNode turns an item into a node
 * @param enabled false: load nothing (e.g. the user may not read this tree)
 */
export function useLazyTree<T>(
  load: (parent: T | undefined) => Promise<T[]>,
  toNode: (item: T) => NodeOf<T>,
  deps: readonly unknown[] = [],
  enabled = true,
): LazyTree<T> {
  const [treeData, setTreeData] = useState<LazyNode<T>[]>([]);
  const [loading, setLoading] = useState(enabled);
  const dataRef = useRef(treeData);
  dataRef.current = treeData;
  const loadRef = useRef(load);
  loadRef.current = load;
  const toNodeRef = useRef(toNode);
  toNodeRef.current = toNode;

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const items = await loadRef.current(undefined);
      const next = items.map((item) => toNodeRef.current(item));
      dataRef.current = next;
      setTreeData(next);
    } catch {
      setTreeData([]);
    } finally {
      setLoading(false);
    }
  }, []);

  const fetchChildren = useCallback(async (key: string) => {
    const node = findNode(dataRef.current, (n) => n.key === key);
    if (!node) return;
    try {
      const items = await loadRef.current(node.data);
      const children = items.map((item) => toNodeRef.current(item));
      // keep the ref current synchronously so that a caller can load a grandchild right after
      const next = withChildren(dataRef.current, key, children);
      dataRef.current = next;
      setTreeData(next);
    } catch {
      // the API layer has shown the reason; leave the node expandable so the user can try again
    }
  }, []);

  const loadData = useCallback(
    async ({ key }: { key?: string | number | bigint }) => {
      if (key === undefined) return;
      const node = findNode(dataRef.current, (n) => n.key === String(key));
      if (!node || node.children || node.isLeaf) return;
      await fetchChildren(String(key));
    },
    [fetchChildren],
  );

  const refreshNode = useCallback(
    async (key: string) => {
      const node = findNode(dataRef.current, (n) => n.key === key);
      if (node?.children) await fetchChildren(key);
    },
    [fetchChildren],
  );

  useEffect(() => {
    if (!enabled) return;
    void reload();
    // `deps` are the caller's inputs of `load`; `reload` itself is stable.
  }, [reload, enabled, ...deps]);

  return { treeData, loading, loadData, reload, refreshNode };
}
