/**
 * Builds the organisation tree of the demo seed in memory (no database): units with their internal departments,
 * ids assigned up front so children can refer to parents, plus what the person generator needs per unit.
 */
import {
  CAR_CENTRE_NAME,
  CITY_DEPTS,
  CITY_HOSPITALS,
  CITY_SCHOOLS,
  COMMON_DIVISIONS,
  COUNTY_DEPTS,
  COUNTY_HOSPITALS,
  COUNTY_SCHOOLS,
  INSTITUTION_PATTERNS,
  NUMERALS,
  PROVINCE_BUREAU,
  PROVINCIAL_DEPTS,
  PROVINCIAL_HOSPITALS,
  TOWN_ONLY_UNITS,
  TOWNSHIP_SERVICE_UNITS,
  UNIVERSITIES,
  ZONE_DEPTS,
  type DivisionStyle,
  type LocalDept,
} from './catalog.js';
import { creditCode } from './codes.js';
import type { Rng } from './prng.js';
import type { RegionLevel, RegionRow } from './reference.js';

export type Scale = 'demo' | 'province';
export type UnitType = 'party_gov' | 'institution';
export type UnitTag = 'provinceBureau' | 'sampleDept' | 'carCentre' | 'cityBureau' | 'countyBureau' | 'provincialDept';

export interface PlannedOrg {
  id: number;
  kind: 'unit' | 'department';
  name: string;
  shortName: string | null;
  creditCode: string | null;
  unitType: UnitType | null;
  level: RegionLevel;
  regionCode: string;
  parentId: number | null;
  depth: number;
  staffingQuota: number | null;
  isBureau: boolean;
  sort: number;
}

export interface PlannedUnit {
  org: PlannedOrg;
  /** Level (3 = 厅局级正职 … 8 = 乡科级副职) of the head's post. */
  top: number;
  /** Index into GRADES of the highest grade the unit may hold. */
  gradeCeil: number;
  headcount: number;
  drivers: number;
  /** Staff of schools, hospitals, universities: mostly professional posts without a civil-service rank. */
  professional: boolean;
  departments: { id: number; name: string }[];
  /** Candidate first six digits of the staff's ID numbers. */
  idAreas: readonly string[];
  tag?: UnitTag;
}

export interface OrgPlan {
  orgs: PlannedOrg[];
  units: PlannedUnit[];
  persons: number;
}

/** Grades (职级) with their level and how common they are among ordinary staff. */
export const GRADES = [
  { code: 'grade_xunshi_1', level: 3, weight: 1 },
  { code: 'grade_xunshi_2', level: 4, weight: 2 },
  { code: 'grade_diaoyan_1', level: 5, weight: 3 },
  { code: 'grade_diaoyan_2', level: 5, weight: 5 },
  { code: 'grade_diaoyan_3', level: 6, weight: 6 },
  { code: 'grade_diaoyan_4', level: 6, weight: 8 },
  { code: 'grade_zhuren_1', level: 7, weight: 10 },
  { code: 'grade_zhuren_2', level: 7, weight: 12 },
  { code: 'grade_zhuren_3', level: 8, weight: 12 },
  { code: 'grade_zhuren_4', level: 8, weight: 12 },
  { code: 'grade_keyuan_1', level: 9, weight: 14 },
  { code: 'grade_keyuan_2', level: 9, weight: 8 },
  { code: 'grade_banshi', level: 10, weight: 1 },
] as const;
const G = {
  xunshi1: 0,
  xunshi2: 1,
  diaoyan1: 2,
  diaoyan2: 3,
  diaoyan3: 4,
  zhuren1: 6,
  zhuren3: 8,
} as const;

/** 副省级 cities: their departments are 正局级, their districts' departments 正处级. */
const SUB_PROVINCIAL_CITIES = new Set(['3701', '3702']);

interface Tier {
  top: number;
  gradeCeil: number;
}

/** Where a unit sits, for ranks: head's level and grade ceiling per 《公务员职务与职级并行规定》 第十条. */
function tierOf(level: RegionLevel, cityCode: string | undefined, vice = false): Tier {
  const sub = cityCode !== undefined && SUB_PROVINCIAL_CITIES.has(cityCode);
  let t: Tier;
  if (level === 'province') t = { top: 3, gradeCeil: G.xunshi1 };
  else if (level === 'city') t = sub ? { top: 3, gradeCeil: G.xunshi1 } : { top: 5, gradeCeil: G.xunshi2 };
  else if (level === 'county') t = sub ? { top: 5, gradeCeil: G.diaoyan1 } : { top: 7, gradeCeil: G.diaoyan2 };
  else t = { top: 7, gradeCeil: G.diaoyan2 };
  return vice ? { top: t.top + 1, gradeCeil: t.gradeCeil + 1 } : t;
}

/** A subordinate institution sits two steps (one 级) below its supervising unit, never below 乡科级副职. */
function childTier(parent: Tier, steps = 2): Tier {
  return { top: Math.min(parent.top + steps, 8), gradeCeil: Math.min(parent.gradeCeil + steps, G.zhuren1) };
}

interface Ranges {
  provDept: [number, number];
  provInst: [number, number];
  provExtraInst: [number, number];
  extraInstsPerDept: [number, number];
  university: [number, number];
  hospital: [number, number];
  bureauProv: [number, number];
  carCentre: [number, number];
  cityBureau: [number, number];
  cityDept: [number, number];
  cityInst: [number, number];
  citySchool: [number, number];
  cityHospital: [number, number];
  cityInstsPerDept: [number, number];
  countyBureau: [number, number];
  countyDept: [number, number];
  countyInst: [number, number];
  countySchool: [number, number];
  countyHospital: [number, number];
  countyInstsPerDept: [number, number];
  townshipGov: [number, number];
  townshipsPerCounty: number;
  townshipService: [number, number];
  healthCentre: [number, number];
  centralSchool: [number, number];
  middleSchool: [number, number];
  kindergarten: [number, number];
  villageSchool: [number, number];
  villageSchools: [number, number];
}

const DEMO: Ranges = {
  provDept: [16, 26],
  provInst: [6, 12],
  provExtraInst: [0, 0],
  extraInstsPerDept: [0, 0],
  university: [0, 0],
  hospital: [0, 0],
  bureauProv: [40, 46],
  carCentre: [24, 30],
  cityBureau: [14, 20],
  cityDept: [8, 14],
  cityInst: [0, 0],
  citySchool: [0, 0],
  cityHospital: [0, 0],
  cityInstsPerDept: [0, 0],
  countyBureau: [6, 10],
  countyDept: [5, 8],
  countyInst: [0, 0],
  countySchool: [0, 0],
  countyHospital: [0, 0],
  countyInstsPerDept: [0, 0],
  townshipGov: [5, 8],
  townshipsPerCounty: 3,
  townshipService: [0, 0],
  healthCentre: [0, 0],
  centralSchool: [0, 0],
  middleSchool: [0, 0],
  kindergarten: [0, 0],
  villageSchool: [0, 0],
  villageSchools: [0, 0],
};

const PROVINCE: Ranges = {
  provDept: [60, 110],
  provInst: [30, 100],
  provExtraInst: [10, 40],
  extraInstsPerDept: [12, 25],
  university: [300, 900],
  hospital: [300, 1000],
  bureauProv: [70, 90],
  carCentre: [110, 140],
  cityBureau: [35, 60],
  cityDept: [18, 45],
  cityInst: [5, 20],
  citySchool: [40, 100],
  cityHospital: [80, 300],
  cityInstsPerDept: [4, 9],
  countyBureau: [12, 25],
  countyDept: [8, 24],
  countyInst: [3, 8],
  countySchool: [20, 60],
  countyHospital: [20, 100],
  countyInstsPerDept: [2, 7],
  townshipGov: [18, 40],
  townshipsPerCounty: Infinity,
  townshipService: [3, 7],
  healthCentre: [10, 30],
  centralSchool: [12, 30],
  middleSchool: [15, 40],
  kindergarten: [6, 14],
  villageSchool: [6, 16],
  villageSchools: [1, 2],
};

const UNIVERSITY_DIVISIONS = '党委办公室 校长办公室 党委组织部 人事处 财务处 教务处 科研处 学生工作处 国有资产管理处 后勤管理处'.split(' ');
const COLLEGES = '文学院 数学与统计学院 物理与电子科学学院 化学化工学院 经济学院 管理学院 法学院 外国语学院 计算机科学与技术学院 马克思主义学院 机电工程学院 生命科学学院 体育学院 美术学院'.split(' ');
const HOSPITAL_DIVISIONS = '院办公室 医务部 护理部 财务科 门诊部 内科 外科 妇产科 儿科 急诊科 检验科 医学影像科'.split(' ');
const SCHOOL_DIVISIONS = '办公室 教务处 政教处 总务处'.split(' ');
const INST_DIVISIONS = '办公室 人事科 财务科 业务一科 业务二科 技术科'.split(' ');
const BUREAU_LOCAL_LINES = '公共机构节能科 资产管理科 公务用车管理科 办公用房管理科'.split(' ');

function isZone(countyCode: string): boolean {
  const n = Number(countyCode.slice(4, 6));
  return n >= 70 && n < 80;
}

/** Local divisions use 科 (or 处 in 副省级 cities) instead of the provincial 处. */
function localDivisions(style: DivisionStyle, level: RegionLevel, cityCode: string): string[] {
  const common = COMMON_DIVISIONS[style];
  if (level === 'province') return common;
  const sub = SUB_PROVINCIAL_CITIES.has(cityCode) && level === 'city';
  if (sub) return common;
  const unit = level === 'city' ? '科' : '股';
  return common.map((d) => (d === '办公室' || d === '研究室' ? d : d.replace(/处$/, unit).replace(/部$/, level === 'city' ? '部' : '股')));
}

export class Planner {
  readonly orgs: PlannedOrg[] = [];
  readonly units: PlannedUnit[] = [];
  private nextId: number;
  private serial = 0;
  private readonly names = new Set<string>();
  private readonly regions = new Map<string, RegionRow>();
  private readonly realCounties = new Map<string, string[]>();
  private readonly allRealCounties: string[] = [];
  private readonly r: Ranges;

  constructor(
    private readonly rng: Rng,
    readonly scale: Scale,
    regions: readonly RegionRow[],
    firstId: number,
  ) {
    this.nextId = firstId;
    this.r = scale === 'demo' ? DEMO : PROVINCE;
    for (const reg of regions) {
      this.regions.set(reg.code, reg);
      if (reg.level === 'county' && !isZone(reg.code)) {
        const city = reg.code.slice(0, 4);
        const list = this.realCounties.get(city) ?? [];
        list.push(reg.code);
        this.realCounties.set(city, list);
        this.allRealCounties.push(reg.code);
      }
    }
  }

  private range([min, max]: [number, number], size = 1): number {
    return Math.max(1, Math.round(this.rng.int(min, max) * size));
  }

  private regionName(code: string): string {
    const reg = this.regions.get(code);
    if (!reg) throw new Error(`unknown region ${code}`);
    return reg.name;
  }

  private idAreasFor(level: RegionLevel, regionCode: string): readonly string[] {
    if (level === 'province') return this.allRealCounties;
    const city = regionCode.slice(0, 4);
    const cityCounties = this.realCounties.get(city) ?? this.allRealCounties;
    if (level === 'city') return cityCounties;
    const county = regionCode.slice(0, 6);
    return isZone(county) ? cityCounties : [county];
  }

  private registrationRegion(level: RegionLevel, regionCode: string): string {
    if (level === 'province') return '370000';
    if (level === 'city') return `${regionCode}00`;
    return regionCode.slice(0, 6);
  }

  private newOrg(o: Omit<PlannedOrg, 'id'>): PlannedOrg {
    const key = `${o.parentId ?? 0}|${o.regionCode}|${o.name}`;
    if (this.names.has(key)) throw new Error(`duplicate sibling name ${o.name} in ${o.regionCode}`);
    this.names.add(key);
    const org: PlannedOrg = { id: this.nextId++, ...o };
    this.orgs.push(org);
    return org;
  }

  addUnit(u: {
    name: string;
    short?: string;
    unitType: UnitType;
    level: RegionLevel;
    regionCode: string;
    parent?: PlannedUnit;
    tier: Tier;
    headcount: number;
    divisions: readonly string[];
    isBureau?: boolean;
    professional?: boolean;
    drivers?: number;
    tag?: UnitTag;
    sort?: number;
  }): PlannedUnit {
    const serial = this.serial++;
    const quota = u.headcount + Math.round(u.headcount * (0.03 + this.rng.next() * 0.2));
    const org = this.newOrg({
      kind: 'unit',
      name: u.name,
      shortName: u.short ?? null,
      creditCode: creditCode(u.unitType === 'party_gov' ? '11' : '12', this.registrationRegion(u.level, u.regionCode), serial),
      unitType: u.unitType,
      level: u.level,
      regionCode: u.regionCode,
      parentId: u.parent?.org.id ?? null,
      depth: u.parent ? u.parent.org.depth + 1 : 0,
      staffingQuota: quota,
      isBureau: u.isBureau ?? false,
      sort: u.sort ?? 0,
    });
    // Not more departments than the staff can head.
    const maxDepts = Math.max(0, Math.floor((u.headcount - 2) / 2));
    const departments = [...new Set(u.divisions)].slice(0, maxDepts).map((name, i) => {
      const d = this.newOrg({
        kind: 'department',
        name,
        shortName: null,
        creditCode: null,
        unitType: null,
        level: u.level,
        regionCode: u.regionCode,
        parentId: org.id,
        depth: org.depth + 1,
        staffingQuota: null,
        isBureau: false,
        sort: i + 1,
      });
      return { id: d.id, name };
    });
    const unit: PlannedUnit = {
      org,
      top: u.tier.top,
      gradeCeil: u.tier.gradeCeil,
      headcount: u.headcount,
      drivers: u.drivers ?? 0,
      professional: u.professional ?? false,
      departments,
      idAreas: this.idAreasFor(u.level, u.regionCode),
      ...(u.tag ? { tag: u.tag } : {}),
    };
    this.units.push(unit);
    return unit;
  }

  /** Generic subordinate institutions named after the owner's line. */
  private genericInstitutions(parent: PlannedUnit, prefix: string, kw: string, count: number, size: [number, number]) {
    const candidates = INSTITUTION_PATTERNS.map((p) => p.replace('{p}', prefix).replace('{k}', kw)).filter(
      (name) => !this.names.has(`${parent.org.id}|${parent.org.regionCode}|${name}`),
    );
    this.rng.sample(candidates, count).forEach((name, i) => {
      const headcount = this.range(size);
      this.addUnit({
        name,
        unitType: 'institution',
        level: parent.org.level,
        regionCode: parent.org.regionCode,
        parent,
        tier: childTier(parent),
        headcount,
        divisions: headcount >= 30 ? INST_DIVISIONS : [],
        sort: 100 + i,
      });
    });
  }

  // ---------------------------------------------------------------- province
  planProvince(): void {
    const r = this.r;
    const demo = this.scale === 'demo';
    const provTier = tierOf('province', undefined);
    const bureau = this.addUnit({
      name: PROVINCE_BUREAU.name,
      short: PROVINCE_BUREAU.short,
      unitType: 'party_gov',
      level: 'province',
      regionCode: '37',
      tier: provTier,
      headcount: this.range(r.bureauProv),
      divisions: [...COMMON_DIVISIONS.gov, ...PROVINCE_BUREAU.lines],
      isBureau: true,
      drivers: demo ? 2 : 4,
      tag: 'provinceBureau',
    });
    PROVINCE_BUREAU.insts.forEach((name, i) => {
      const car = name === CAR_CENTRE_NAME;
      const headcount = car ? this.range(r.carCentre) : this.range(r.provInst);
      this.addUnit({
        name,
        unitType: 'institution',
        level: 'province',
        regionCode: '37',
        parent: bureau,
        tier: childTier(provTier),
        headcount,
        divisions: car ? ['综合科', '调度中心', '驾驶员管理科', '车辆管理科'] : INST_DIVISIONS.slice(0, 3),
        drivers: car ? Math.round(headcount * 0.6) : 0,
        sort: i + 1,
        ...(car ? { tag: 'carCentre' as const } : {}),
      });
    });

    PROVINCIAL_DEPTS.forEach((d, i) => {
      const tier = tierOf('province', undefined, d.vice);
      const size = d.size ?? 1;
      const lines = demo ? d.lines.slice(0, this.rng.int(2, Math.min(4, d.lines.length))) : d.lines;
      const headcount = this.range(r.provDept, size);
      const unit = this.addUnit({
        name: d.name,
        short: d.short,
        unitType: d.institution ? 'institution' : 'party_gov',
        level: 'province',
        regionCode: '37',
        tier,
        headcount,
        divisions: [...COMMON_DIVISIONS[d.style], ...lines],
        drivers: headcount >= 15 ? (demo ? 1 : this.rng.int(2, 5)) : 0,
        tag: d.name === '山东省教育厅' ? 'sampleDept' : 'provincialDept',
        sort: i + 1,
      });
      const insts = demo ? d.insts.slice(0, this.rng.int(1, Math.min(4, d.insts.length))) : d.insts;
      insts.forEach((name, j) => {
        const headcount = this.range(r.provInst);
        const hospital = /医院$/.test(name);
        this.addUnit({
          name,
          unitType: 'institution',
          level: 'province',
          regionCode: '37',
          parent: unit,
          tier: childTier(tier),
          headcount: hospital && !demo ? this.range(r.hospital) : headcount,
          divisions: hospital ? HOSPITAL_DIVISIONS : headcount >= 20 ? INST_DIVISIONS : INST_DIVISIONS.slice(0, 3),
          professional: hospital || /学院$|研究院$|研究所$/.test(name),
          sort: j + 1,
        });
      });
      if (demo) return;
      if (d.extraInsts) this.genericInstitutions(unit, '山东省', d.kw, this.range(r.extraInstsPerDept), r.provExtraInst);
      if (d.name === '山东省教育厅') {
        UNIVERSITIES.forEach((name, j) => {
          const headcount = this.range(r.university);
          this.addUnit({
            name,
            unitType: 'institution',
            level: 'province',
            regionCode: '37',
            parent: unit,
            tier: childTier(tier, 0),
            headcount,
            divisions: [...UNIVERSITY_DIVISIONS, ...this.rng.sample(COLLEGES, this.rng.int(6, COLLEGES.length))],
            professional: true,
            sort: 200 + j,
          });
        });
      }
      if (d.name === '山东省卫生健康委员会') {
        PROVINCIAL_HOSPITALS.forEach((name, j) => {
          this.addUnit({
            name,
            unitType: 'institution',
            level: 'province',
            regionCode: '37',
            parent: unit,
            tier: childTier(tier, 1),
            headcount: this.range(r.hospital),
            divisions: HOSPITAL_DIVISIONS,
            professional: true,
            sort: 200 + j,
          });
        });
      }
    });
  }

  // ---------------------------------------------------------------- cities
  planCity(cityCode: string): void {
    const r = this.r;
    const demo = this.scale === 'demo';
    const cityName = this.regionName(cityCode);
    const tier = tierOf('city', cityCode);
    const divisions = (style: DivisionStyle) => localDivisions(style, 'city', cityCode);
    const sub = SUB_PROVINCIAL_CITIES.has(cityCode);
    const lineName = (s: string) => (sub ? s.replace(/科$/, '处') : s);
    const bureau = this.addUnit({
      name: `${cityName}机关事务管理局`,
      short: `${cityName.replace(/市$/, '')}市机关事务局`,
      unitType: 'party_gov',
      level: 'city',
      regionCode: cityCode,
      tier,
      headcount: this.range(r.cityBureau),
      divisions: [...divisions('gov'), ...BUREAU_LOCAL_LINES.map(lineName)],
      isBureau: true,
      drivers: 1,
      tag: 'cityBureau',
    });
    this.addUnit({
      name: `${cityName}机关公务用车服务中心`,
      unitType: 'institution',
      level: 'city',
      regionCode: cityCode,
      parent: bureau,
      tier: childTier(tier),
      headcount: demo ? this.rng.int(8, 12) : this.rng.int(40, 70),
      divisions: ['综合科', '调度科', '车队'],
      drivers: demo ? 5 : 30,
      sort: 1,
    });
    const depts = demo ? CITY_DEPTS.slice(0, 10) : CITY_DEPTS;
    depts.forEach((d, i) => {
      this.localDept(d, i, 'city', cityCode, cityName, cityName, tier, divisions(d.style), lineName, r.cityDept, {
        perDept: r.cityInstsPerDept,
        inst: r.cityInst,
        school: r.citySchool,
        hospital: r.cityHospital,
        schools: CITY_SCHOOLS,
        hospitals: CITY_HOSPITALS,
      });
    });
  }

  private localDept(
    d: LocalDept,
    i: number,
    level: 'city' | 'county',
    regionCode: string,
    fullName: string,
    cityName: string,
    tier: Tier,
    common: string[],
    lineName: (s: string) => string,
    size: [number, number],
    subs: {
      perDept: [number, number];
      inst: [number, number];
      school: [number, number];
      hospital: [number, number];
      schools: string[];
      hospitals: string[];
    },
  ): PlannedUnit {
    const demo = this.scale === 'demo';
    const bare = this.regionName(regionCode);
    const name = d.name
      .replaceAll('{c}', fullName)
      .replace('{cityPolice}', fullName === bare && !bare.endsWith('区') ? `${bare}公安局` : `${cityName}公安局${bare}分局`)
      .replace('{cityEnv}', `${cityName}生态环境局${bare}分局`);
    const headcount = this.range(size, d.size ?? 1);
    const lines = demo ? d.lines.slice(0, level === 'city' ? 2 : 1) : d.lines;
    const unit = this.addUnit({
      name,
      unitType: d.style === 'inst' ? 'institution' : 'party_gov',
      level,
      regionCode,
      tier,
      headcount,
      divisions: [...common, ...lines.map(lineName)],
      drivers: headcount >= 15 ? 1 : 0,
      sort: i + 1,
    });
    if (demo) return unit;
    if (d.subs === 'schools' || d.subs === 'hospitals') {
      const list = d.subs === 'schools' ? subs.schools : subs.hospitals;
      list.forEach((p, j) => {
        const school = d.subs === 'schools';
        const hc = this.range(school ? subs.school : subs.hospital);
        this.addUnit({
          name: p.replace('{c}', fullName),
          unitType: 'institution',
          level,
          regionCode,
          parent: unit,
          tier: childTier(tier),
          headcount: hc,
          divisions: school ? (hc >= 40 ? SCHOOL_DIVISIONS : []) : HOSPITAL_DIVISIONS.slice(0, hc >= 200 ? 12 : 6),
          professional: !/中心$|研究院$/.test(p),
          sort: 50 + j,
        });
      });
    }
    this.genericInstitutions(unit, fullName, d.kw, this.range(subs.perDept), subs.inst);
    return unit;
  }

  // ---------------------------------------------------------------- counties and townships
  planCounty(countyCode: string, townships: readonly RegionRow[]): void {
    const r = this.r;
    const demo = this.scale === 'demo';
    const cityCode = countyCode.slice(0, 4);
    const cityName = this.regionName(cityCode);
    const bare = this.regionName(countyCode);
    const zone = isZone(countyCode);
    // Districts carry their city's name (济南市历下区); counties and county-level cities stand alone.
    const fullName = !zone && bare.endsWith('区') ? `${cityName}${bare}` : bare;
    const tier = tierOf('county', cityCode);
    const common = (style: DivisionStyle) => localDivisions(style, 'county', cityCode);
    const lineName = (s: string) => s;
    this.addUnit({
      name: `${fullName}机关事务服务中心`,
      short: `${bare}机关事务服务中心`,
      unitType: 'party_gov',
      level: 'county',
      regionCode: countyCode,
      tier,
      headcount: this.range(r.countyBureau),
      divisions: ['办公室', '资产管理股', '公共机构节能股', '公务用车服务股'],
      isBureau: true,
      drivers: demo ? 0 : 2,
      tag: 'countyBureau',
    });
    const catalogue = zone ? ZONE_DEPTS : COUNTY_DEPTS;
    const depts = demo ? catalogue.slice(0, 3) : catalogue;
    let education: PlannedUnit | undefined;
    let health: PlannedUnit | undefined;
    depts.forEach((d, i) => {
      const u = this.localDept(d, i, 'county', countyCode, fullName, cityName, tier, common(d.style), lineName, r.countyDept, {
        perDept: r.countyInstsPerDept,
        inst: r.countyInst,
        school: r.countySchool,
        hospital: r.countyHospital,
        schools: COUNTY_SCHOOLS,
        hospitals: COUNTY_HOSPITALS,
      });
      if (d.kw === '教育体育' || d.kw === '社会事业') education = u;
      if (d.kw === '卫生健康' || d.kw === '社会事业') health = u;
    });

    // Township governments: real 街道/镇/乡 only (the 4xx codes are development areas, not governments).
    const real = townships.filter((t) => Number(t.code.slice(6, 7)) < 4 && /(街道|镇|乡)$/.test(t.name));
    const chosen = real.slice(0, Math.min(real.length, r.townshipsPerCounty));
    chosen.forEach((t, i) => this.planTownship(t, fullName, cityCode, i, education, health));
  }

  private planTownship(
    t: RegionRow,
    countyFull: string,
    cityCode: string,
    i: number,
    education: PlannedUnit | undefined,
    health: PlannedUnit | undefined,
  ): void {
    const r = this.r;
    const demo = this.scale === 'demo';
    const tier = tierOf('township', cityCode);
    const street = t.name.endsWith('街道');
    const town = t.name.endsWith('镇');
    const full = `${countyFull}${t.name}`;
    const headcount = this.range(r.townshipGov);
    this.addUnit({
      name: street ? `${full}办事处` : `${full}人民政府`,
      short: street ? `${t.name}办事处` : `${t.name}人民政府`,
      unitType: 'party_gov',
      level: 'township',
      regionCode: t.code,
      tier,
      headcount,
      divisions: demo
        ? ['党政办公室', '社会事务办公室']
        : ['党政办公室', '党建工作办公室', '经济发展办公室', '社会事务办公室', '综合行政执法办公室', '应急管理办公室'],
      sort: i + 1,
    });
    if (demo) return;
    const local = (name: string, parent: PlannedUnit | undefined, size: [number, number], professional: boolean, sort: number) => {
      const hc = this.range(size);
      this.addUnit({
        name,
        unitType: 'institution',
        level: 'township',
        regionCode: t.code,
        ...(parent ? { parent } : {}),
        tier: parent ? childTier(tierOf('county', cityCode)) : childTier(tier, 1),
        headcount: hc,
        divisions: hc >= 40 ? SCHOOL_DIVISIONS.slice(0, 3) : [],
        professional,
        sort,
      });
    };
    const services = [...TOWNSHIP_SERVICE_UNITS, ...(town ? TOWN_ONLY_UNITS : [])];
    services.forEach((p, j) => local(p.replace('{t}', full), undefined, r.townshipService, false, 10 + j));
    local(street ? `${full}社区卫生服务中心` : `${full}卫生院`, health, r.healthCentre, true, 20);
    local(`${full}中心小学`, education, r.centralSchool, true, 30);
    local(`${full}中学`, education, r.middleSchool, true, 31);
    local(`${full}中心幼儿园`, education, r.kindergarten, true, 32);
    const villages = this.range(r.villageSchools);
    for (let k = 0; k < villages; k++) local(`${full}第${NUMERALS[k + 1] ?? k + 2}小学`, education, r.villageSchool, true, 33 + k);
  }
}

/** Plans every organisation of the chosen scale. */
export function planOrgs(rng: Rng, scale: Scale, regions: readonly RegionRow[], firstId: number): OrgPlan {
  const p = new Planner(rng, scale, regions, firstId);
  p.planProvince();
  const cities = regions.filter((r) => r.level === 'city');
  for (const c of cities) p.planCity(c.code);
  const townshipsByCounty = new Map<string, RegionRow[]>();
  for (const reg of regions) {
    if (reg.level !== 'township') continue;
    const list = townshipsByCounty.get(reg.parent_code ?? '') ?? [];
    list.push(reg);
    townshipsByCounty.set(reg.parent_code ?? '', list);
  }
  for (const reg of regions) {
    if (reg.level === 'county') p.planCounty(reg.code, townshipsByCounty.get(reg.code) ?? []);
  }
  return { orgs: p.orgs, units: p.units, persons: p.units.reduce((s, u) => s + u.headcount, 0) };
}
