import { cellToLatLng, cellToLocalIj, getHexagonEdgeLengthAvg, getIcosahedronFaces, latLngToCell } from 'h3-js';

/**
 * H3 cells as numbers, fast. `h3-js` answers one latLngToCell in about 3 µs, too slow for the tens of millions of
 * samples of a province day. Inside one icosahedron face the cells of a resolution are a regular hexagonal lattice;
 * their local IJ coordinates (relative to one origin cell, from h3-js) are exact lattice indices. For each small tile
 * of latitude × longitude this class fits, from h3-js itself, the quadratic map (lon, lat) → lattice plane, then
 * rounds a point to the nearest lattice centre. A point closer than MARGIN to a hexagon edge, a tile whose fit is not
 * exact to a few centimetres (a face edge crosses it) and anything outside the origin's IJ range go through h3-js
 * (latLngToCell + cellToLocalIj), so every answer is the H3 cell, only cheaper.
 *
 * A key is the packed local IJ ((i + 2^15) · 2^16 + (j + 2^15), below 2^32); cells without local IJ from the origin
 * (another face far away, or across a pentagon) get ids from 2^32 upwards, stable for the life of the object.
 */
export class H3Grid {
  readonly edgeM: number;
  private readonly origin: string;
  private readonly tileDeg: number;
  private readonly tiles = new Map<number, Float64Array | null>();
  private readonly far = new Map<string, number>();
  private nextFar = 2 ** 32;
  private lastTx = NaN;
  private lastTy = NaN;
  private lastFit: Float64Array | null = null;
  /** how many points went the exact (slow) way, for the benchmark's figures */
  slow = 0;

  constructor(
    readonly res: number,
    originLat = 36.3,
    originLon = 118.3,
  ) {
    this.origin = latLngToCell(originLat, originLon, res);
    this.edgeM = getHexagonEdgeLengthAvg(res, 'm');
    // about fifteen cells across a tile: small enough for a quadratic fit to be exact to centimetres
    this.tileDeg = 0.02 * Math.sqrt(7) ** (10 - res);
  }

  /** The exact key of a cell through h3-js. */
  cellKey(cell: string): number {
    try {
      const { i, j } = cellToLocalIj(this.origin, cell);
      if (Math.abs(i) < 32767 && Math.abs(j) < 32767) return (i + 32768) * 65536 + (j + 32768);
    } catch {
      // no local IJ from the origin: fall through to an id
    }
    let id = this.far.get(cell);
    if (id === undefined) {
      id = this.nextFar++;
      this.far.set(cell, id);
    }
    return id;
  }

  /** The H3 cell of a point (degrees), as a key. */
  key(lat: number, lon: number): number {
    const tx = Math.floor(lon / this.tileDeg);
    const ty = Math.floor(lat / this.tileDeg);
    let fit: Float64Array | null | undefined;
    // consecutive samples of a track mostly fall on the same tile: skip the Map then
    if (tx === this.lastTx && ty === this.lastTy) fit = this.lastFit;
    else {
      const tk = (tx + 100000) * 200000 + (ty + 100000);
      fit = this.tiles.get(tk);
      if (fit === undefined) {
        fit = this.fitTile(tx, ty);
        this.tiles.set(tk, fit);
      }
      this.lastTx = tx;
      this.lastTy = ty;
      this.lastFit = fit;
    }
    if (fit) {
      const u = lon / this.tileDeg - tx;
      const v = lat / this.tileDeg - ty;
      const x = fit[0]! + fit[1]! * u + fit[2]! * v + fit[3]! * u * u + fit[4]! * u * v + fit[5]! * v * v;
      const y = fit[6]! + fit[7]! * u + fit[8]! * v + fit[9]! * u * u + fit[10]! * u * v + fit[11]! * v * v;
      // plane → lattice (i along (1, 0), j along (−1/2, √3/2)), then cube rounding in the 60° axial system
      const jf = y / SQRT3_2;
      const fi = x + jf / 2;
      const q = fi - jf;
      const r = jf;
      const s = -q - r;
      let rq = Math.round(q);
      let rr = Math.round(r);
      const rs = Math.round(s);
      const dq = Math.abs(rq - q);
      const dr = Math.abs(rr - r);
      const ds = Math.abs(rs - s);
      if (dq > dr && dq > ds) rq = -rr - rs;
      else if (dr > ds) rr = -rq - rs;
      const i = rq + rr;
      const j = rr;
      // distance to the hexagon's edges: the projections on the three neighbour directions stay below 1/2 − margin
      const px = x - (i - j / 2);
      const py = y - j * SQRT3_2;
      const a = Math.abs(px);
      const b = Math.abs(px / 2 + py * SQRT3_2);
      const c = Math.abs(-px / 2 + py * SQRT3_2);
      const half = 0.5 - fit[12]!;
      if (a < half && b < half && c < half && Math.abs(i) < 32767 && Math.abs(j) < 32767) return (i + 32768) * 65536 + (j + 32768);
    }
    this.slow += 1;
    return this.cellKey(latLngToCell(lat, lon, this.res));
  }

  /** Least-squares quadratic (u, v) → lattice plane over a tile from 5 × 5 cells; null when not exact (face edge, far away). */
  private fitTile(tx: number, ty: number): Float64Array | null {
    // one icosahedron face over the whole tile (corners and centre), else the lattice folds inside it
    const faces = new Set<number>();
    for (const [a, b] of [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5]] as const)
      for (const f of getIcosahedronFaces(latLngToCell((ty + b) * this.tileDeg, (tx + a) * this.tileDeg, this.res))) faces.add(f);
    if (faces.size !== 1) return null;
    const rows: number[][] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let a = 0; a < 5; a++) {
      for (let b = 0; b < 5; b++) {
        const lon = (tx + (a + 0.5) / 5) * this.tileDeg;
        const lat = (ty + (b + 0.5) / 5) * this.tileDeg;
        const cell = latLngToCell(lat, lon, this.res);
        let ij: { i: number; j: number };
        try {
          ij = cellToLocalIj(this.origin, cell);
        } catch {
          return null;
        }
        const [clat, clon] = cellToLatLng(cell);
        const u = clon / this.tileDeg - tx;
        const v = clat / this.tileDeg - ty;
        rows.push([1, u, v, u * u, u * v, v * v]);
        xs.push(ij.i - ij.j / 2);
        ys.push(ij.j * SQRT3_2);
      }
    }
    const cx = leastSquares(rows, xs);
    const cy = leastSquares(rows, ys);
    if (!cx || !cy) return null;
    let worst = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      let ex = -xs[k]!;
      let ey = -ys[k]!;
      for (let m = 0; m < 6; m++) {
        ex += cx[m]! * r[m]!;
        ey += cy[m]! * r[m]!;
      }
      worst = Math.max(worst, Math.abs(ex), Math.abs(ey));
    }
    if (worst > FIT_TOLERANCE) return null;
    // the margin near edges: ten times the fit's worst residual, at least MIN_MARGIN
    return Float64Array.from([...cx, ...cy, Math.max(MIN_MARGIN, 10 * worst)]);
  }
}

const SQRT3_2 = Math.sqrt(3) / 2;
/**
 * Points closer to an edge than ten times the tile's worst fit residual, and at least this (in centre-to-centre units,
 * ≈ 1.3 cm at resolution 10), are checked with h3-js.
 */
const MIN_MARGIN = 1e-4;
/** A tile whose fit misses a cell centre by more than this (≈ 1.3 m at resolution 10) is not used (a face edge). */
const FIT_TOLERANCE = 0.01;

/** Solves the normal equations of a small least-squares problem (Gaussian elimination with pivoting). */
function leastSquares(rows: number[][], rhs: number[]): number[] | null {
  const n = rows[0]!.length;
  const m: number[][] = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) m[a]![b]! += r[a]! * r[b]!;
      m[a]![n]! += r[a]! * rhs[k]!;
    }
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, c) => row[n]! / row[c]!);
}
