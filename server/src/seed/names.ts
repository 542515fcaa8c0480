/** Chinese personal names: surnames weighted roughly by their frequency in Shandong, given names by gender. */
import type { Rng } from './prng.js';

// Surname and relative weight (per mille, approximate).
const SURNAMES: [string, number][] = [
  ['王', 95], ['张', 82], ['李', 80], ['刘', 70], ['孙', 36], ['杨', 30], ['陈', 28], ['赵', 27], ['徐', 25],
  ['马', 22], ['高', 21], ['于', 20], ['吴', 18], ['宋', 17], ['郭', 16], ['朱', 15], ['孔', 8], ['姜', 14],
  ['董', 13], ['韩', 13], ['曹', 12], ['田', 12], ['崔', 12], ['程', 10], ['魏', 10], ['秦', 8], ['谢', 7],
  ['周', 14], ['胡', 9], ['何', 6], ['林', 7], ['郑', 8], ['贾', 8], ['袁', 7], ['邢', 6], ['丁', 7], ['梁', 7],
  ['薛', 6], ['孟', 9], ['侯', 6], ['曲', 6], ['庞', 4], ['潘', 5], ['冯', 8], ['苏', 6], ['范', 6], ['石', 6],
  ['贺', 4], ['吕', 7], ['许', 8], ['邵', 5], ['房', 4], ['毕', 5], ['颜', 4], ['杜', 6], ['牛', 5], ['葛', 4],
  ['尹', 5], ['蒋', 4], ['闫', 6], ['单', 4], ['隋', 3], ['鞠', 3], ['栾', 3], ['臧', 3], ['逄', 2], ['仲', 2],
  ['战', 2], ['衣', 2], ['慕', 2], ['东方', 1], ['欧阳', 1], ['诸葛', 1],
];
const SURNAME_LIST = SURNAMES.map((s) => s[0]);
const SURNAME_WEIGHTS = SURNAMES.map((s) => s[1]);

const MALE = [...'伟强磊军勇涛斌明超刚平辉鹏华飞鑫波宁健峰杰浩凯林东亮振宇成建国海志俊文博晨阳帅龙锋瑞旭新永昊洋坤然庆春晓光胜兴德荣学忠祥江山鸣祥晖远航毅卫岩琦彬楠铭凡哲'];
const FEMALE = [...'静丽娟敏艳芳燕玲霞婷莉娜雪洁琳红梅萍倩颖慧欣佳悦晶琪瑶璐蕾薇月彤雯丹凤秀英兰云琴蓉晴怡思涵淑珍莹鑫媛妍璇露翠岚'];
const SHARED = [...'晓文建红志海春永立金玉宏新子嘉雨梓一'];

export function personName(rng: Rng, gender: 'M' | 'F'): string {
  const surname = rng.weighted(SURNAME_LIST, SURNAME_WEIGHTS);
  const pool = gender === 'M' ? MALE : FEMALE;
  if (rng.chance(0.3)) return surname + rng.pick(pool);
  const first = rng.chance(0.35) ? rng.pick(SHARED) : rng.pick(pool);
  let second = rng.pick(pool);
  if (second === first) second = rng.pick(pool);
  return surname + first + second;
}
