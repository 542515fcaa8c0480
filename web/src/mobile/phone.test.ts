import { afterEach, describe, expect, it, vi } from 'vitest';
import { isPhoneScreen, mobileEquivalent, pcEquivalent, phoneRedirectLoader, setPreferPc } from './phone';

function screenWidth(width: number) {
  vi.stubGlobal('matchMedia', (query: string) => {
    const max = Number(/max-width:\s*(\d+)px/.exec(query)?.[1] ?? Infinity);
    return { matches: width <= max, media: query, addEventListener: () => undefined, removeEventListener: () => undefined };
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setPreferPc(false);
});

const load = (url: string) =>
  phoneRedirectLoader({ request: new Request(`http://localhost${url}`), params: {}, context: undefined });

describe('phone and PC equivalents', () => {
  it('maps the approval pages both ways', () => {
    expect(mobileEquivalent('/workflow/inbox')).toBe('/m/workflow');
    expect(mobileEquivalent('/workflow/inbox', '?tab=done')).toBe('/m/workflow?tab=done');
    expect(mobileEquivalent('/workflow/inbox', '?tab=bogus')).toBe('/m/workflow');
    expect(mobileEquivalent('/workflow/instances/42')).toBe('/m/workflow/instances/42');
    expect(mobileEquivalent('/workflow/monitor')).toBeUndefined();
    expect(pcEquivalent('/m/workflow/instances/42')).toBe('/workflow/instances/42');
    expect(pcEquivalent('/m/workflow', '?tab=mine')).toBe('/workflow/inbox?tab=mine');
    expect(pcEquivalent('/m/workflow')).toBe('/workflow/inbox');
  });
});

describe('phoneRedirectLoader', () => {
  it('sends a phone-sized screen to the phone page', () => {
    screenWidth(375);
    expect(isPhoneScreen()).toBe(true);
    const response = load('/workflow/instances/7');
    expect(response?.status).toBe(302);
    expect(response?.headers.get('location')).toBe('/m/workflow/instances/7');
  });

  it('leaves wider screens and users who chose 电脑版 alone', () => {
    screenWidth(1440);
    expect(load('/workflow/inbox')).toBeNull();
    screenWidth(375);
    setPreferPc(true);
    expect(load('/workflow/inbox')).toBeNull();
  });
});
