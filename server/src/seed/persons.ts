/** Generates the staff of a planned unit: leaders, heads of its departments, ordinary staff and drivers. */
import { idNoCheck } from './codes.js';
import { personName } from './names.js';
import { GRADES, type PlannedUnit } from './plan.js';
import type { Rng } from './prng.js';

export type PersonRole = 'head' | 'deputy' | 'chief' | 'vice' | 'staff' | 'driver';

export interface PlannedPerson {
  id: number;
  name: string;
  gender: 'M' | 'F';
  idNo: string;
  phone: string;
  rankCode: string | null;
  unitId: number;
  departmentId: number | null;
  /** Index into unit.departments, or -1. */
  departmentIndex: number;
  role: PersonRole;
}

const POSTS: Record<number, string> = {
  3: 'post_ting_zheng',
  4: 'post_ting_fu',
  5: 'post_chu_zheng',
  6: 'post_chu_fu',
  7: 'post_ke_zheng',
  8: 'post_ke_fu',
};

const PHONE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191',
  '198', '199',
];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export class PersonFactory {
  private readonly idNos = new Set<string>();
  private readonly phones = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private nextId: number,
  ) {}

  get lastId(): number {
    return this.nextId - 1;
  }

  /**
   * A grade for a staff member: never above the unit's ceiling. Grades at or above the head's own level exist
   * (senior staff keep them after leaving a post) but are rare.
   */
  private grade(unit: PlannedUnit, atLeastLevel?: number): string {
    const minLevel = atLeastLevel ?? unit.top - 2;
    const items: string[] = [];
    const weights: number[] = [];
    for (let i = unit.gradeCeil; i < GRADES.length; i++) {
      const g = GRADES[i];
      if (!g || g.level < minLevel) continue;
      items.push(g.code);
      weights.push(g.level <= unit.top ? g.weight * 0.25 : g.weight);
    }
    return items.length ? this.rng.weighted(items, weights) : 'grade_keyuan_2';
  }

  private post(level: number): string | undefined {
    return POSTS[level];
  }

  private birthYear(rankLevel: number | undefined): number {
    if (rankLevel === undefined) return this.rng.int(1965, 2000);
    if (rankLevel <= 4) return this.rng.int(1965, 1975);
    if (rankLevel <= 6) return this.rng.int(1966, 1984);
    if (rankLevel <= 8) return this.rng.int(1968, 1993);
    return this.rng.int(1978, 2000);
  }

  private idNo(area: string, year: number, male: boolean): string {
    for (;;) {
      const month = this.rng.int(1, 12);
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 28);
      const day = this.rng.int(1, days);
      // The 17th digit is odd for men, even for women.
      let seq = this.rng.int(0, 499) * 2 + (male ? 1 : 0);
      if (seq > 999) seq -= 2;
      const first17 = `${area}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idNoCheck(first17);
      if (!this.idNos.has(id)) {
        this.idNos.add(id);
        return id;
      }
    }
  }

  private phone(): string {
    for (;;) {
      const p = this.rng.pick(PHONE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  private person(unit: PlannedUnit, role: PersonRole, rankCode: string | null, departmentIndex: number): PlannedPerson {
    const leader = role === 'head' || role === 'deputy' || role === 'chief';
    const male = role === 'driver' ? this.rng.chance(0.95) : this.rng.chance(leader ? 0.75 : 0.52);
    const gender = male ? 'M' : 'F';
    const level = rankCode ? levelOf(rankCode) : undefined;
    const area = this.rng.pick(unit.idAreas);
    const dept = departmentIndex >= 0 ? unit.departments[departmentIndex] : undefined;
    return {
      id: this.nextId++,
      name: personName(this.rng, gender),
      gender,
      idNo: this.idNo(area, this.birthYear(role === 'driver' ? undefined : level), male),
      phone: this.phone(),
      rankCode,
      unitId: unit.org.id,
      departmentId: dept?.id ?? null,
      departmentIndex: dept ? departmentIndex : -1,
      role,
    };
  }

  /** All staff of a unit, exactly unit.headcount persons. */
  staff(unit: PlannedUnit): PlannedPerson[] {
    const out: PlannedPerson[] = [];
    const h = unit.headcount;
    const nd = unit.departments.length;
    const push = (role: PersonRole, rank: string | null, dept: number) => {
      if (out.length < h) out.push(this.person(unit, role, rank, dept));
    };
    push('head', this.post(unit.top) ?? this.grade(unit), -1);
    const deputies = h >= 60 ? 4 : h >= 20 ? 3 : h >= 10 ? 2 : h >= 5 ? 1 : 0;
    for (let i = 0; i < deputies; i++) push('deputy', this.post(unit.top + 1) ?? this.grade(unit, unit.top + 1), -1);
    for (let d = 0; d < nd; d++) push('chief', this.post(unit.top + 2) ?? this.grade(unit, unit.top + 2), d);
    if (h >= 3 * nd + 8) {
      for (let d = 0; d < nd; d++) push('vice', this.post(unit.top + 3) ?? this.grade(unit, unit.top + 3), d);
    }
    // Drivers (工勤人员: no civil-service rank) sit in the motor pool if the unit has one, else in 办公室.
    const pool = unit.departments.findIndex((x) => /驾驶员|车队/.test(x.name));
    for (let i = 0; i < unit.drivers; i++) push('driver', null, pool >= 0 ? pool : nd ? 0 : -1);
    // Ordinary staff fill the departments in turn, so every department gets someone before any gets two.
    let d = 0;
    while (out.length < h) {
      const rank = unit.professional && this.rng.chance(0.85) ? null : this.grade(unit);
      push('staff', rank, nd ? d % nd : -1);
      d++;
    }
    return out;
  }
}

const LEVEL_BY_CODE = new Map<string, number>([
  ...Object.entries(POSTS).map(([lvl, code]): [string, number] => [code, Number(lvl)]),
  ...GRADES.map((g): [string, number] => [g.code, g.level]),
]);

function levelOf(rankCode: string): number | undefined {
  return LEVEL_BY_CODE.get(rankCode);
}
