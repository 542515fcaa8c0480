import { describe, expect, it } from 'vitest';
import { displayPosition, wgs84ToGcj02 } from './gcj02';

describe('WGS-84 → GCJ-02', () => {
  it('matches the reference implementation and leaves points abroad alone', () => {
    // the test vector of the eviltransform library (Shanghai)
    const [lon, lat] = wgs84ToGcj02(121.5272106, 31.1774276);
    expect(lon).toBeCloseTo(121.531541859215, 9);
    expect(lat).toBeCloseTo(31.17530398364597, 9);
    // in 济南 the shift is some hundred metres
    const [jlon, jlat] = wgs84ToGcj02(117.0196, 36.6614);
    expect(Math.hypot((jlon - 117.0196) * 89_000, (jlat - 36.6614) * 111_000)).toBeGreaterThan(300);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
  it('converts onto the shipped GCJ-02 outline, not over an official (CGCS2000) base map', () => {
    expect(displayPosition(117, 36, '')).toEqual(wgs84ToGcj02(117, 36));
    expect(displayPosition(117, 36, '')).not.toEqual([117, 36]);
    expect(displayPosition(117, 36, 'https://t0.tianditu.gov.cn/{z}/{x}/{y}')).toEqual([117, 36]);
  });
});
