/**
 * Real places in Shandong for the terminal simulator: each city's government seat, the provincial government,
 * railway stations, hospitals, universities and county seats. WGS-84 coordinates in degrees, read off public maps;
 * they are approximate (within about a kilometre), which is all a simulated route needs.
 *
 * `city` is the GB/T 2260 prefecture code (3712 莱芜 was merged into 3701 济南 in 2019). `landward` limits the
 * bearings (degrees, clockwise from north) of made-up destinations around a coastal place so that they stay on land;
 * `coastal` places never get straight-line intercity trips (the line could cross a bay).
 */
export interface Place {
  name: string;
  kind: 'government' | 'province' | 'station' | 'hospital' | 'university' | 'county';
  city: string;
  lat: number;
  lon: number;
  coastal?: boolean;
  landward?: [number, number];
}

export const SHANDONG_PLACES: readonly Place[] = [
  // 济南 3701
  { name: '山东省人民政府', kind: 'province', city: '3701', lat: 36.6685, lon: 117.022 },
  { name: '济南市人民政府', kind: 'government', city: '3701', lat: 36.663, lon: 117.119 },
  { name: '济南站', kind: 'station', city: '3701', lat: 36.6706, lon: 116.99 },
  { name: '济南西站', kind: 'station', city: '3701', lat: 36.668, lon: 116.8895 },
  { name: '山东大学中心校区', kind: 'university', city: '3701', lat: 36.677, lon: 117.06 },
  { name: '山东大学齐鲁医院', kind: 'hospital', city: '3701', lat: 36.66, lon: 117.017 },
  { name: '山东省立医院', kind: 'hospital', city: '3701', lat: 36.656, lon: 116.983 },
  { name: '章丘区人民政府', kind: 'county', city: '3701', lat: 36.68, lon: 117.526 },
  { name: '平阴县人民政府', kind: 'county', city: '3701', lat: 36.289, lon: 116.456 },
  { name: '莱芜区人民政府', kind: 'county', city: '3701', lat: 36.214, lon: 117.677 },
  // 青岛 3702
  { name: '青岛市人民政府', kind: 'government', city: '3702', lat: 36.067, lon: 120.383, coastal: true, landward: [300, 30] },
  { name: '青岛北站', kind: 'station', city: '3702', lat: 36.17, lon: 120.374, coastal: true, landward: [330, 90] },
  { name: '中国海洋大学崂山校区', kind: 'university', city: '3702', lat: 36.161, lon: 120.496, coastal: true, landward: [270, 360] },
  { name: '即墨区人民政府', kind: 'county', city: '3702', lat: 36.39, lon: 120.447, coastal: true, landward: [180, 360] },
  // 淄博 3703
  { name: '淄博市人民政府', kind: 'government', city: '3703', lat: 36.813, lon: 118.055 },
  { name: '淄博站', kind: 'station', city: '3703', lat: 36.8, lon: 118.056 },
  { name: '山东理工大学', kind: 'university', city: '3703', lat: 36.812, lon: 117.996 },
  // 枣庄 3704
  { name: '枣庄市人民政府', kind: 'government', city: '3704', lat: 34.81, lon: 117.323 },
  { name: '滕州市人民政府', kind: 'county', city: '3704', lat: 35.084, lon: 117.165 },
  // 东营 3705
  { name: '东营市人民政府', kind: 'government', city: '3705', lat: 37.434, lon: 118.675 },
  // 烟台 3706
  { name: '烟台市人民政府', kind: 'government', city: '3706', lat: 37.464, lon: 121.448, coastal: true, landward: [150, 270] },
  { name: '烟台站', kind: 'station', city: '3706', lat: 37.547, lon: 121.392, coastal: true, landward: [150, 240] },
  { name: '烟台大学', kind: 'university', city: '3706', lat: 37.476, lon: 121.451, coastal: true, landward: [150, 270] },
  { name: '蓬莱区人民政府', kind: 'county', city: '3706', lat: 37.811, lon: 120.759, coastal: true, landward: [135, 225] },
  // 潍坊 3707
  { name: '潍坊市人民政府', kind: 'government', city: '3707', lat: 36.707, lon: 119.162 },
  { name: '潍坊站', kind: 'station', city: '3707', lat: 36.714, lon: 119.113 },
  { name: '寿光市人民政府', kind: 'county', city: '3707', lat: 36.855, lon: 118.791 },
  { name: '青州市人民政府', kind: 'county', city: '3707', lat: 36.685, lon: 118.48 },
  // 济宁 3708
  { name: '济宁市人民政府', kind: 'government', city: '3708', lat: 35.415, lon: 116.587 },
  { name: '曲阜市人民政府', kind: 'county', city: '3708', lat: 35.581, lon: 116.986 },
  { name: '曲阜师范大学', kind: 'university', city: '3708', lat: 35.593, lon: 116.991 },
  { name: '邹城市人民政府', kind: 'county', city: '3708', lat: 35.405, lon: 117.008 },
  // 泰安 3709
  { name: '泰安市人民政府', kind: 'government', city: '3709', lat: 36.2, lon: 117.088 },
  { name: '新泰市人民政府', kind: 'county', city: '3709', lat: 35.909, lon: 117.769 },
  // 威海 3710
  { name: '威海市人民政府', kind: 'government', city: '3710', lat: 37.513, lon: 122.12, coastal: true, landward: [180, 270] },
  { name: '山东大学威海校区', kind: 'university', city: '3710', lat: 37.531, lon: 122.059, coastal: true, landward: [150, 250] },
  // 日照 3711
  { name: '日照市人民政府', kind: 'government', city: '3711', lat: 35.416, lon: 119.527, coastal: true, landward: [220, 340] },
  // 临沂 3713
  { name: '临沂市人民政府', kind: 'government', city: '3713', lat: 35.104, lon: 118.356 },
  { name: '临沂大学', kind: 'university', city: '3713', lat: 35.116, lon: 118.3 },
  // 德州 3714
  { name: '德州市人民政府', kind: 'government', city: '3714', lat: 37.434, lon: 116.359 },
  // 聊城 3715
  { name: '聊城市人民政府', kind: 'government', city: '3715', lat: 36.457, lon: 115.985 },
  { name: '聊城大学', kind: 'university', city: '3715', lat: 36.486, lon: 115.964 },
  // 滨州 3716
  { name: '滨州市人民政府', kind: 'government', city: '3716', lat: 37.382, lon: 117.971 },
  // 菏泽 3717
  { name: '菏泽市人民政府', kind: 'government', city: '3717', lat: 35.234, lon: 115.481 },
];

/** The prefecture (4-digit) of a region code; province-level units (37) sit in 济南, and 莱芜 3712 is 济南 now. */
export function prefectureOf(regionCode: string | null | undefined): string | undefined {
  if (regionCode === '37' || regionCode === '3700' || regionCode === '370000') return '3701';
  if (!regionCode || !/^37\d{2}/.test(regionCode)) return undefined;
  const c = regionCode.slice(0, 4);
  return c === '3712' ? '3701' : c;
}
