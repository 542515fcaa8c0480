/**
 * Names of organisations used by the demo seed. Provincial first-level departments are the real 省直 units of
 * Shandong (after the 2018/2023 institutional reforms); their internal divisions and subordinate institutions are
 * typical of their line, and the generated ones follow the usual naming patterns. Nothing here is authoritative.
 */

/** Naming style of a unit's internal departments. */
export type DivisionStyle = 'gov' | 'party' | 'mass' | 'court' | 'inst';

export interface ProvincialDept {
  name: string;
  short: string;
  /** Key to the city/county counterpart and to generated institution names. */
  kw: string;
  style: DivisionStyle;
  /** 事业单位 at the first level (党校, 社科院 …). */
  institution?: boolean;
  /** 副厅级 units: their head is 厅局级副职. */
  vice?: boolean;
  /** Relative size (staff) of the department; 1 = typical. */
  size?: number;
  /** Line divisions (处室), in order of importance. */
  lines: string[];
  /** Real or typical subordinate institutions. */
  insts: string[];
  /** Generate further institutions in province scale. */
  extraInsts?: boolean;
}

const L = (s: string) => s.split(' ');

export const PROVINCIAL_DEPTS: ProvincialDept[] = [
  // ---------------------------------------------------------------- party organs and the four leading bodies
  { name: '中共山东省委办公厅', short: '省委办公厅', kw: '省委', style: 'party', size: 1.5,
    lines: L('秘书一处 秘书二处 综合一处 督查室 信息处 机要局'), insts: L('山东省委办公厅服务中心 山东省委办公厅信息中心') },
  { name: '山东省人民代表大会常务委员会办公厅', short: '省人大常委会办公厅', kw: '人大', style: 'party', size: 1.2,
    lines: L('秘书处 研究室 联络处 新闻信息处 信访局'), insts: L('山东省人大常委会机关服务中心 山东省人大常委会信息中心') },
  { name: '山东省人民政府办公厅', short: '省政府办公厅', kw: '政务', style: 'gov', size: 1.5,
    lines: L('秘书一处 秘书二处 督查室 政务公开办公室 综合处 文电处'), insts: L('山东省人民政府办公厅服务中心 山东省政府网站管理中心 山东省人民政府应急保障中心') },
  { name: '中国人民政治协商会议山东省委员会办公厅', short: '省政协办公厅', kw: '政协', style: 'party', size: 1.1,
    lines: L('秘书处 提案委员会办公室 联络处 新闻宣传处 文史资料处'), insts: L('山东省政协机关服务中心 山东省政协书画院') },
  { name: '中共山东省纪律检查委员会（山东省监察委员会）', short: '省纪委监委机关', kw: '纪检监察', style: 'party', size: 1.6,
    lines: L('党风政风监督室 信访室 案件监督管理室 第一监督检查室 第二监督检查室 第一审查调查室 案件审理室'),
    insts: L('山东省纪检监察教育培训中心 山东省纪委监委机关服务中心') },
  { name: '中共山东省委组织部', short: '省委组织部', kw: '组织', style: 'party', size: 1.3,
    lines: L('组织一处 组织二处 干部一处 干部二处 干部监督处 公务员管理处 人才工作处'), insts: L('山东省党员教育中心 山东省干部人事档案管理中心 山东省组织信息中心') },
  { name: '中共山东省委宣传部', short: '省委宣传部', kw: '宣传', style: 'party', size: 1.2,
    lines: L('理论处 新闻处 文艺处 出版处 电影处 文明实践处'), insts: L('山东省新闻出版服务中心 山东省文化产业发展中心 山东省电影局发展服务中心') },
  { name: '中共山东省委统一战线工作部', short: '省委统战部', kw: '统战', style: 'party',
    lines: L('党派工作处 民族宗教工作处 经济处 港澳台海外统战工作处 知识分子工作处'), insts: L('山东省统一战线理论研究中心 山东省民族宗教事务服务中心') },
  { name: '中共山东省委政法委员会', short: '省委政法委', kw: '政法', style: 'party',
    lines: L('执法监督处 维护稳定处 综合治理督导处 政治部'), insts: L('山东省社会治安综合治理服务中心') },
  { name: '中共山东省委政策研究室', short: '省委政研室', kw: '政策研究', style: 'party', size: 0.7,
    lines: L('经济研究处 社会研究处 党建研究处 改革督察处'), insts: L('山东省改革发展研究中心') },
  { name: '中共山东省委机构编制委员会办公室', short: '省委编办', kw: '机构编制', style: 'party', size: 0.7,
    lines: L('机构编制一处 机构编制二处 事业单位监督管理处 体制改革处'), insts: L('山东省机构编制电子政务中心') },
  { name: '中共山东省委直属机关工作委员会', short: '省直机关工委', kw: '机关党建', style: 'party', size: 0.7,
    lines: L('组织部 宣传部 统战群工部'), insts: L('山东省直机关党员教育中心') },
  { name: '中共山东省委网络安全和信息化委员会办公室', short: '省委网信办', kw: '网信', style: 'party', size: 0.8,
    lines: L('网络综合治理处 网络安全协调处 网络传播处 信息化发展处'), insts: L('山东省互联网信息服务中心 山东省网络安全应急指挥中心') },
  { name: '中共山东省委社会工作部', short: '省委社会工作部', kw: '社会工作', style: 'party', size: 0.8,
    lines: L('基层治理处 社会组织党建处 志愿服务工作处 人民建议征集处'), insts: L('山东省志愿服务促进中心') },
  { name: '中共山东省委老干部局', short: '省委老干部局', kw: '老干部', style: 'party', size: 0.7,
    lines: L('离退休干部处 服务管理处 活动中心管理处'), insts: L('山东省老干部活动中心 山东老年大学') },
  { name: '中共山东省委台湾工作办公室', short: '省委台办', kw: '对台', style: 'party', size: 0.5,
    lines: L('联络处 经济处 交流处'), insts: L('山东省台湾同胞服务中心') },
  { name: '中共山东省委巡视工作领导小组办公室', short: '省委巡视办', kw: '巡视', style: 'party', size: 0.6,
    lines: L('综合处 督查处 巡察指导处'), insts: L('山东省巡视工作保障中心') },
  { name: '中共山东省委保密委员会办公室', short: '省委保密办', kw: '保密', style: 'party', size: 0.5,
    lines: L('保密技术处 监督检查处 宣传教育处'), insts: L('山东省保密技术服务中心') },
  { name: '中共山东省委机要局', short: '省委机要局', kw: '机要', style: 'party', size: 0.5,
    lines: L('机要通信处 密码管理处'), insts: L('山东省机要通信服务中心') },
  { name: '中共山东省委党校（山东行政学院）', short: '省委党校', kw: '党校', style: 'inst', institution: true, size: 1.3,
    lines: L('教务处 科研处 学员管理处 图书和文化馆 研究生部'), insts: L('山东省委党校培训中心') },
  { name: '中共山东省委党史研究院', short: '省委党史研究院', kw: '党史', style: 'inst', institution: true, vice: true, size: 0.6,
    lines: L('征集编研处 宣传教育处 地方党史处'), insts: L('山东省党史资料征集中心') },
  { name: '山东省高级人民法院', short: '省高院', kw: '审判', style: 'court', size: 1.6,
    lines: L('立案一庭 刑事审判第一庭 民事审判第一庭 行政审判庭 审判监督庭 执行局'), insts: L('山东省法院信息技术中心 山东法官培训学院') },
  { name: '山东省人民检察院', short: '省检察院', kw: '检察', style: 'court', size: 1.4,
    lines: L('第一检察部 第二检察部 第五检察部 控告申诉检察部 案件管理办公室'), insts: L('山东省检察院信息技术中心 山东省检察官培训中心') },
  // ---------------------------------------------------------------- government: constituent departments
  { name: '山东省发展和改革委员会', short: '省发展改革委', kw: '发展改革', style: 'gov', size: 1.4, extraInsts: true,
    lines: L('发展规划处 固定资产投资处 价格管理处 产业发展处 区域协调处 社会发展处'),
    insts: L('山东省宏观经济研究院 山东省重点建设项目服务中心 山东省价格监测中心 山东省信用中心') },
  { name: '山东省教育厅', short: '省教育厅', kw: '教育', style: 'gov', size: 1.3, extraInsts: true,
    lines: L('基础教育处 高等教育处 职业教育处 教师工作处 学前教育处 学生工作处'),
    insts: L('山东省教育招生考试院 山东省教育科学研究院 山东省电化教育馆 山东省学生资助管理中心') },
  { name: '山东省科学技术厅', short: '省科技厅', kw: '科技', style: 'gov', extraInsts: true,
    lines: L('高新技术处 农村科技处 成果转化处 基础研究处 社会发展科技处'),
    insts: L('山东省科技发展战略研究所 山东省科学技术情报研究院 山东省科技服务中心') },
  { name: '山东省工业和信息化厅', short: '省工业和信息化厅', kw: '工业和信息化', style: 'gov', size: 1.2, extraInsts: true,
    lines: L('产业政策处 原材料工业处 装备工业处 消费品工业处 中小企业发展处 信息化推进处'),
    insts: L('山东省工业和信息化研究院 山东省中小企业服务中心 山东省节能监察中心') },
  { name: '山东省公安厅', short: '省公安厅', kw: '公安', style: 'gov', size: 2.5, extraInsts: true,
    lines: L('指挥中心 治安管理局 刑事侦查局 出入境管理局 交通管理局 警务督察处'),
    insts: L('山东警察学院 山东省公安厅警务保障中心 山东省公安厅物证鉴定研究中心') },
  { name: '山东省民政厅', short: '省民政厅', kw: '民政', style: 'gov', extraInsts: true,
    lines: L('社会救助处 养老服务处 区划地名处 社会组织管理局 儿童福利处'),
    insts: L('山东省社会福利中心 山东省民政事业发展服务中心 山东省救灾物资储备中心') },
  { name: '山东省司法厅', short: '省司法厅', kw: '司法', style: 'gov', extraInsts: true,
    lines: L('立法一处 行政复议与应诉局 公共法律服务管理处 律师工作处 社区矫正管理局'),
    insts: L('山东省法律援助中心 山东省司法鉴定管理服务中心 山东省公证协会秘书处') },
  { name: '山东省财政厅', short: '省财政厅', kw: '财政', style: 'gov', size: 1.3, extraInsts: true,
    lines: L('预算处 国库处 税政处 社会保障处 行政政法处 政府采购管理处'),
    insts: L('山东省财政投资评审中心 山东省财政信息中心 山东省政府和社会资本合作中心') },
  { name: '山东省人力资源和社会保障厅', short: '省人力资源社会保障厅', kw: '人力资源社会保障', style: 'gov', size: 1.2, extraInsts: true,
    lines: L('就业促进处 养老保险处 劳动关系处 职业能力建设处 事业单位人事管理处'),
    insts: L('山东省社会保险事业中心 山东省人才发展服务中心 山东省人事考试中心 山东省公共就业和人才服务中心') },
  { name: '山东省自然资源厅', short: '省自然资源厅', kw: '自然资源', style: 'gov', size: 1.3, extraInsts: true,
    lines: L('国土空间规划局 耕地保护监督处 地籍管理处 矿业权管理处 林业发展处'),
    insts: L('山东省国土空间规划院 山东省国土测绘院 山东省自然资源确权登记中心') },
  { name: '山东省生态环境厅', short: '省生态环境厅', kw: '生态环境', style: 'gov', extraInsts: true,
    lines: L('大气环境处 水生态环境处 土壤生态环境处 生态环境执法局 环境影响评价处'),
    insts: L('山东省生态环境监测中心 山东省生态环境规划研究院 山东省固体废物和危险化学品污染防治中心') },
  { name: '山东省住房和城乡建设厅', short: '省住房城乡建设厅', kw: '住房城乡建设', style: 'gov', extraInsts: true,
    lines: L('房地产市场监管处 城市建设处 村镇建设处 建筑市场监管处 住房保障处'),
    insts: L('山东省住房和城乡建设发展研究院 山东省建设工程造价服务中心 山东省住房公积金监管服务中心') },
  { name: '山东省交通运输厅', short: '省交通运输厅', kw: '交通运输', style: 'gov', size: 1.2, extraInsts: true,
    lines: L('综合规划处 公路处 运输服务处 安全监督处 港航处'),
    insts: L('山东省交通运输事业服务中心 山东省公路事业发展中心 山东省港航事业发展中心') },
  { name: '山东省水利厅', short: '省水利厅', kw: '水利', style: 'gov', extraInsts: true,
    lines: L('水资源处 河湖管理处 水旱灾害防御处 农村水利水电处 水土保持处'),
    insts: L('山东省水文中心 山东省调水工程运行维护中心 山东省水利科学研究院') },
  { name: '山东省农业农村厅', short: '省农业农村厅', kw: '农业农村', style: 'gov', size: 1.2, extraInsts: true,
    lines: L('种植业管理处 农田建设管理处 乡村产业发展处 农村合作经济指导处 乡村振兴协调处'),
    insts: L('山东省农业技术推广中心 山东省农业农村发展研究中心 山东省农药检定所') },
  { name: '山东省商务厅', short: '省商务厅', kw: '商务', style: 'gov', extraInsts: true,
    lines: L('对外贸易处 外国投资管理处 市场运行和消费促进处 电子商务处 对外投资和经济合作处'),
    insts: L('山东省商务发展服务中心 山东省国际投资促进中心') },
  { name: '山东省文化和旅游厅', short: '省文化和旅游厅', kw: '文化和旅游', style: 'gov', size: 1.1, extraInsts: true,
    lines: L('艺术处 公共服务处 资源开发处 市场管理处 非物质文化遗产处'),
    insts: L('山东省图书馆 山东博物馆 山东省文化馆 山东美术馆 山东省艺术研究院') },
  { name: '山东省卫生健康委员会', short: '省卫生健康委', kw: '卫生健康', style: 'gov', size: 1.2, extraInsts: true,
    lines: L('医政医管处 基层卫生健康处 妇幼健康处 老龄健康处 药物政策处'),
    insts: L('山东省立医院 山东省千佛山医院 山东省疾病预防控制中心 山东省卫生健康宣传教育中心') },
  { name: '山东省退役军人事务厅', short: '省退役军人厅', kw: '退役军人', style: 'gov', extraInsts: true,
    lines: L('移交安置处 就业创业处 拥军优抚处 褒扬纪念处'),
    insts: L('山东省退役军人服务中心 山东省军队离休退休干部休养所') },
  { name: '山东省应急管理厅', short: '省应急厅', kw: '应急管理', style: 'gov', extraInsts: true,
    lines: L('风险监测和综合减灾处 危险化学品安全监督管理处 防汛抗旱处 应急指挥中心 执法监督处'),
    insts: L('山东省应急管理事务服务中心 山东省应急救援指挥保障中心 山东省安全生产技术中心') },
  { name: '山东省审计厅', short: '省审计厅', kw: '审计', style: 'gov', extraInsts: true,
    lines: L('财政审计一处 经济责任审计处 企业审计处 社会保障审计处 固定资产投资审计处'),
    insts: L('山东省审计信息中心 山东省审计事务服务中心') },
  { name: '山东省人民政府外事办公室', short: '省外办', kw: '外事', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('亚洲处 欧美处 领事处 国际交流处 礼宾处'), insts: L('山东省外事翻译中心 山东省国际交流服务中心') },
  { name: '山东省人民政府国有资产监督管理委员会', short: '省国资委', kw: '国有资产', style: 'gov', extraInsts: true,
    lines: L('企业改革处 产权管理处 财务监管与运行评价处 考核分配处 企业领导人员管理处'),
    insts: L('山东省国有企业改革发展服务中心 山东省国资委信息中心') },
  // ---------------------------------------------------------------- government: directly affiliated bodies
  { name: '山东省市场监督管理局', short: '省市场监管局', kw: '市场监管', style: 'gov', size: 1.3, extraInsts: true,
    lines: L('登记注册局 价格监督检查和反不正当竞争局 食品生产安全监督管理处 特种设备安全监察处 网络交易监督管理处'),
    insts: L('山东省产品质量检验研究院 山东省计量科学研究院 山东省标准化研究院 山东省特种设备检验研究院') },
  { name: '山东省广播电视局', short: '省广电局', kw: '广播电视', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('宣传处 媒体融合发展处 传媒机构管理处 安全传输保障处'), insts: L('山东省广播电视监测中心 山东省广播电视发展服务中心') },
  { name: '山东省体育局', short: '省体育局', kw: '体育', style: 'gov', extraInsts: true,
    lines: L('群众体育处 竞技体育处 青少年体育处 体育经济处'),
    insts: L('山东省体育中心 山东省体育科学研究中心 山东省水上运动管理中心 山东省射击运动管理中心') },
  { name: '山东省统计局', short: '省统计局', kw: '统计', style: 'gov', extraInsts: true,
    lines: L('综合处 国民经济核算处 工业统计处 人口和就业统计处 统计执法监督局'), insts: L('山东省社情民意调查中心 山东省统计数据管理中心') },
  { name: '山东省医疗保障局', short: '省医保局', kw: '医疗保障', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('待遇保障处 医药价格和招标采购处 基金监管处 医药服务管理处'), insts: L('山东省医疗保障事业中心 山东省医药集中采购服务中心') },
  { name: '山东省地方金融管理局', short: '省地方金融管理局', kw: '地方金融', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('地方金融机构处 资本市场处 风险处置处 金融稳定处'), insts: L('山东省地方金融发展服务中心') },
  { name: '山东省信访局', short: '省信访局', kw: '信访', style: 'gov', size: 0.7,
    lines: L('办信处 接访处 督查督办处 复查复核处'), insts: L('山东省人民来访接待中心') },
  { name: '山东省大数据局', short: '省大数据局', kw: '大数据', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('数据资源处 电子政务处 数字经济推进处 数字社会处'), insts: L('山东省大数据中心') },
  { name: '山东省能源局', short: '省能源局', kw: '能源', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('电力处 煤炭处 新能源和可再生能源处 油气处'), insts: L('山东省能源发展服务中心') },
  { name: '山东省海洋局', short: '省海洋局', kw: '海洋', style: 'gov', size: 0.7, vice: true, extraInsts: true,
    lines: L('海域海岛管理处 海洋经济处 海洋预警监测处'), insts: L('山东省海洋预报减灾中心 山东省海洋资源与环境研究院') },
  { name: '山东省畜牧兽医局', short: '省畜牧局', kw: '畜牧兽医', style: 'gov', size: 0.7, vice: true, extraInsts: true,
    lines: L('畜牧处 兽医处 兽药饲料处'), insts: L('山东省畜牧总站 山东省动物疫病预防与控制中心') },
  { name: '山东省粮食和物资储备局', short: '省粮食和储备局', kw: '粮食和物资储备', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('调控处 储备处 仓储与科技处 安全应急处'), insts: L('山东省粮油质量检测中心 山东省物资储备服务中心') },
  { name: '山东省监狱管理局', short: '省监狱管理局', kw: '监狱', style: 'gov', vice: true, size: 1.2,
    lines: L('刑罚执行处 狱政管理处 教育改造处 生活卫生处'), insts: L('山东省监狱管理局信息中心 山东省监狱中心医院') },
  { name: '山东省戒毒管理局', short: '省戒毒管理局', kw: '戒毒', style: 'gov', vice: true, size: 0.8,
    lines: L('戒治管理处 教育矫治处 生活卫生处'), insts: L('山东省戒毒管理局信息中心') },
  { name: '山东省药品监督管理局', short: '省药监局', kw: '药品监管', style: 'gov', vice: true, extraInsts: true,
    lines: L('药品注册管理处 药品生产监督管理处 医疗器械监督管理处 化妆品监督管理处'),
    insts: L('山东省食品药品检验研究院 山东省药品审评认证中心 山东省医疗器械和药品包装检验研究院') },
  { name: '山东省知识产权局', short: '省知识产权局', kw: '知识产权', style: 'gov', vice: true, size: 0.7, extraInsts: true,
    lines: L('知识产权保护处 知识产权运用促进处 商标管理处'), insts: L('山东省知识产权保护中心 山东省知识产权事业发展中心') },
  { name: '山东省文物局', short: '省文物局', kw: '文物', style: 'gov', vice: true, size: 0.6, extraInsts: true,
    lines: L('文物保护与考古处 博物馆与社会文物处 革命文物处'), insts: L('山东省文物考古研究院 山东省文物保护修复中心') },
  { name: '山东省疾病预防控制局', short: '省疾控局', kw: '疾病预防控制', style: 'gov', vice: true, size: 0.6,
    lines: L('传染病防控处 卫生应急处 综合监督处'), insts: L('山东省卫生健康监督执法局') },
  { name: '山东省中医药管理局', short: '省中医药管理局', kw: '中医药', style: 'gov', vice: true, size: 0.6,
    lines: L('医政处 科技教育处 中药产业处'), insts: L('山东省中医药研究院') },
  { name: '山东省人民政府研究室', short: '省政府研究室', kw: '政府研究', style: 'gov', size: 0.6,
    lines: L('综合研究处 经济研究处 社会发展研究处 文稿处'), insts: L('山东省经济社会发展研究中心') },
  { name: '山东省人民政府参事室（山东省文史研究馆）', short: '省政府参事室', kw: '参事', style: 'gov', size: 0.5, vice: true,
    lines: L('参事业务处 文史业务处'), insts: L('山东省文史书画研究院') },
  { name: '山东省人民政府驻北京办事处', short: '省政府驻京办', kw: '驻京', style: 'gov', size: 0.6,
    lines: L('综合处 联络处 信访处 商务处'), insts: L('山东省驻京办服务中心') },
  { name: '山东省人民政府驻上海办事处', short: '省政府驻沪办', kw: '驻沪', style: 'gov', size: 0.4, vice: true,
    lines: L('综合处 联络处 经济合作处'), insts: L('山东省驻上海办事处服务中心') },
  { name: '山东省国防动员办公室', short: '省国动办', kw: '国防动员', style: 'gov', size: 0.8, extraInsts: true,
    lines: L('工程管理处 指挥通信处 民防处 经济动员处'), insts: L('山东省人民防空指挥信息保障中心 山东省人防工程质量监督站') },
  // ---------------------------------------------------------------- first-level public institutions
  { name: '山东省地方史志研究院', short: '省地方史志研究院', kw: '地方史志', style: 'inst', institution: true, vice: true, size: 0.5,
    lines: L('方志编纂处 年鉴编纂处 史志研究处'), insts: L('山东省史志馆') },
  { name: '山东社会科学院', short: '省社科院', kw: '社会科学', style: 'inst', institution: true, size: 1.1,
    lines: L('科研组织处 成果转化处 研究生处'), insts: L('山东社会科学院经济研究所 山东社会科学院文化研究所 山东社会科学院法学研究所') },
  { name: '山东省农业科学院', short: '省农科院', kw: '农业科学', style: 'inst', institution: true, size: 1.5,
    lines: L('科研管理处 成果转化处 国际合作处'), insts: L('山东省农业科学院作物研究所 山东省农业科学院蔬菜研究所 山东省农业科学院果树研究所') },
  { name: '山东省档案馆', short: '省档案馆', kw: '档案', style: 'inst', institution: true, size: 0.8,
    lines: L('档案接收征集处 档案保管保护处 档案利用服务处 编研展览处'), insts: L('山东省档案数字化服务中心') },
  { name: '山东省公共资源交易中心', short: '省公共资源交易中心', kw: '公共资源交易', style: 'inst', institution: true, vice: true, size: 0.6,
    lines: L('交易服务部 信息技术部 综合业务部'), insts: L('山东省政府采购服务中心') },
  { name: '山东省供销合作社联合社', short: '省供销社', kw: '供销合作', style: 'gov', size: 0.8,
    lines: L('合作指导处 业务发展处 财务资产处'), insts: L('山东省供销合作社信息中心 山东省供销合作社培训中心') },
  { name: '山东省地质矿产勘查开发局', short: '省地矿局', kw: '地质矿产', style: 'inst', institution: true, size: 1.4,
    lines: L('地质勘查处 科技信息处 安全生产处'),
    insts: L('山东省第一地质矿产勘查院 山东省第三地质矿产勘查院 山东省地质科学研究院 山东省地质测绘院') },
  { name: '山东省煤田地质局', short: '省煤田地质局', kw: '煤田地质', style: 'inst', institution: true, vice: true, size: 1.1,
    lines: L('地质勘查处 生产经营处 安全生产处'), insts: L('山东省煤田地质局第一勘探队 山东省煤田地质规划勘察研究院') },
  { name: '山东广播电视台', short: '山东广播电视台', kw: '广电传媒', style: 'inst', institution: true, size: 2,
    lines: L('总编室 新闻中心 技术中心 融媒体中心'), insts: L('山东广播电视台传媒发展中心') },
  { name: '大众报业集团（大众日报社）', short: '大众日报社', kw: '报业', style: 'inst', institution: true, size: 1.6,
    lines: L('总编室 新闻中心 大众新闻客户端 经营管理部'), insts: L('大众日报社新闻研究所') },
  { name: '山东省社会主义学院', short: '省社会主义学院', kw: '社会主义学院', style: 'inst', institution: true, vice: true, size: 0.5,
    lines: L('教务处 科研处'), insts: L('山东中华文化学院') },
  // ---------------------------------------------------------------- mass organisations (群团)
  { name: '山东省总工会', short: '省总工会', kw: '工会', style: 'mass', size: 0.9,
    lines: L('组织部 宣传教育部 权益保障部 经济技术部'), insts: L('山东省职工服务中心 山东省工人疗养院') },
  { name: '共青团山东省委员会', short: '团省委', kw: '共青团', style: 'mass', size: 0.7,
    lines: L('组织部 宣传部 青年发展部 学校部'), insts: L('山东省青少年宫 山东省青年政治学院培训中心') },
  { name: '山东省妇女联合会', short: '省妇联', kw: '妇女', style: 'mass', size: 0.6,
    lines: L('组织联络部 宣传部 家庭和儿童工作部 权益部'), insts: L('山东省妇女儿童活动中心') },
  { name: '山东省科学技术协会', short: '省科协', kw: '科学技术协会', style: 'mass', size: 0.6,
    lines: L('学会学术部 科学普及部 组织人事部'), insts: L('山东省科技馆') },
  { name: '山东省社会科学界联合会', short: '省社科联', kw: '社科', style: 'mass', vice: true, size: 0.5,
    lines: L('学会工作部 科研组织部 社会科学普及部'), insts: L('山东省社会科学普及中心') },
  { name: '山东省文学艺术界联合会', short: '省文联', kw: '文学艺术', style: 'mass', size: 0.6,
    lines: L('组织联络部 艺术研究部 创作研究部'), insts: L('山东省文艺创作研究中心') },
  { name: '山东省作家协会', short: '省作协', kw: '文学', style: 'mass', vice: true, size: 0.4,
    lines: L('创作研究部 组织联络部'), insts: L('山东文学杂志社') },
  { name: '山东省归国华侨联合会', short: '省侨联', kw: '侨务', style: 'mass', vice: true, size: 0.4,
    lines: L('联络部 经济科技部 权益保障部'), insts: L('山东省华侨服务中心') },
  { name: '山东省残疾人联合会', short: '省残联', kw: '残疾人', style: 'mass', size: 0.6,
    lines: L('康复部 教育就业部 维权部 宣传文体部'), insts: L('山东省残疾人康复中心 山东省残疾人辅助器具资源中心') },
  { name: '山东省红十字会', short: '省红十字会', kw: '红十字', style: 'mass', vice: true, size: 0.4,
    lines: L('赈济救护部 组织宣传部 筹资部'), insts: L('山东省红十字备灾救灾中心') },
  { name: '中国国际贸易促进委员会山东省分会', short: '省贸促会', kw: '贸易促进', style: 'mass', vice: true, size: 0.5,
    lines: L('展览部 联络部 法律事务部'), insts: L('山东省国际商会服务中心') },
  { name: '山东省工商业联合会', short: '省工商联', kw: '工商联', style: 'mass', size: 0.5,
    lines: L('会员部 经济服务部 宣传教育部'), insts: L('山东省民营经济服务中心') },
  { name: '山东省法学会', short: '省法学会', kw: '法学', style: 'mass', vice: true, size: 0.4,
    lines: L('研究部 组联部'), insts: L('山东省法学研究中心') },
];

/** The provincial bureau itself. */
export const PROVINCE_BUREAU = {
  name: '山东省机关事务管理局',
  short: '省机关事务局',
  lines: L('公共机构节能管理处 国有资产管理处 办公用房管理处 公务用车管理处 机关服务管理处 机关党委'),
  insts: L('山东省机关公务用车服务中心 山东省省直机关住房服务中心 山东省机关事务保障中心 山东省公共机构节能监测中心'),
};
export const CAR_CENTRE_NAME = '山东省机关公务用车服务中心';

/** Common divisions every unit of a style has, before its line divisions. */
export const COMMON_DIVISIONS: Record<DivisionStyle, string[]> = {
  gov: L('办公室 人事处 财务处 政策法规处'),
  party: L('办公室 干部处 财务处 研究室'),
  mass: L('办公室 组织人事部 财务部 研究室'),
  court: L('办公室 政治部 司法行政装备管理处 研究室'),
  inst: L('办公室 人事处 财务处 科研管理处'),
};

/** Provincial universities and colleges (under 省教育厅 in the province scale). */
export const UNIVERSITIES = L(
  '山东师范大学 曲阜师范大学 山东科技大学 青岛科技大学 济南大学 青岛理工大学 山东建筑大学 齐鲁工业大学 山东理工大学 ' +
    '山东农业大学 青岛农业大学 山东第一医科大学 山东第二医科大学 滨州医学院 山东中医药大学 济宁医学院 聊城大学 ' +
    '德州学院 山东航空学院 鲁东大学 临沂大学 泰山学院 济宁学院 菏泽学院 山东财经大学 山东体育学院 山东艺术学院 ' +
    '青岛大学 烟台大学 潍坊学院 山东交通学院 山东工商学院 山东女子学院 山东政法学院 枣庄学院 山东工艺美术学院 ' +
    '山东管理学院 山东农业工程学院 齐鲁师范学院 山东青年政治学院 山东石油化工学院 山东商业职业技术学院 山东职业学院 ' +
    '山东科技职业学院 山东水利职业学院 山东畜牧兽医职业学院 山东劳动职业技术学院 山东电子职业技术学院 ' +
    '山东外贸职业学院 山东医学高等专科学校 山东城市建设职业学院 山东信息职业技术学院 山东特殊教育职业学院 ' +
    '山东药品食品职业学院 山东圣翰财贸职业学院 山东轻工职业学院 山东文化产业职业学院 山东外事职业大学',
);

export const PROVINCIAL_HOSPITALS = L(
  '山东省肿瘤医院 山东省妇幼保健院 山东省精神卫生中心 山东省胸科医院 山东省公共卫生临床中心 山东省立第三医院 ' +
    '山东省眼科医院 山东省皮肤病医院 山东省康复医院 山东省职业病医院 山东省血液中心 山东省急救中心',
);

/** Institution name patterns: `{p}` is the owner prefix (山东省 / 济南市 / 历下区) and `{k}` the line keyword. */
export const INSTITUTION_PATTERNS = L(
  '{p}{k}事务服务中心 {p}{k}发展研究中心 {p}{k}信息中心 {p}{k}技术服务中心 {p}{k}宣传教育中心 {p}{k}监测中心 ' +
    '{p}{k}档案管理中心 {p}{k}培训中心 {p}{k}质量安全中心 {p}{k}综合保障中心 {p}{k}应急保障中心 {p}{k}政务服务中心 ' +
    '{p}{k}执法监察支队 {p}{k}评审中心 {p}{k}数据中心 {p}{k}标准化中心 {p}{k}研究院 {p}{k}服务站',
);

// ---------------------------------------------------------------- cities
export interface LocalDept {
  /** Name template: `{c}` full region name (济南市 / 济南市历下区), `{r}` the bare name (历下区), `{city}` the city. */
  name: string;
  kw: string;
  style: DivisionStyle;
  lines: string[];
  size?: number;
  /** Kind of extra subordinate institutions in province scale. */
  subs?: 'schools' | 'hospitals' | 'generic';
}

/** City departments; the first ten are the demo set. */
export const CITY_DEPTS: LocalDept[] = [
  { name: '{c}教育局', kw: '教育', style: 'gov', lines: L('基础教育科 职业教育科 教师工作科 学前教育科'), subs: 'schools', size: 1.2 },
  { name: '{c}财政局', kw: '财政', style: 'gov', lines: L('预算科 国库科 政府采购管理科 社会保障科'), size: 1.2 },
  { name: '{c}公安局', kw: '公安', style: 'gov', lines: L('指挥中心 治安管理支队 刑事侦查支队 交通警察支队'), size: 2.5 },
  { name: '{c}民政局', kw: '民政', style: 'gov', lines: L('社会救助科 养老服务科 区划地名科') },
  { name: '{c}人力资源和社会保障局', kw: '人力资源社会保障', style: 'gov', lines: L('就业促进科 养老保险科 劳动关系科') },
  { name: '{c}自然资源和规划局', kw: '自然资源', style: 'gov', lines: L('国土空间规划科 耕地保护科 不动产登记科'), size: 1.2 },
  { name: '{c}住房和城乡建设局', kw: '住房城乡建设', style: 'gov', lines: L('房地产市场科 城市建设科 建筑市场科 住房保障科') },
  { name: '{c}交通运输局', kw: '交通运输', style: 'gov', lines: L('综合规划科 公路科 运输服务科') },
  { name: '{c}卫生健康委员会', kw: '卫生健康', style: 'gov', lines: L('医政医管科 基层卫生健康科 妇幼健康科'), subs: 'hospitals', size: 1.1 },
  { name: '{c}市场监督管理局', kw: '市场监管', style: 'gov', lines: L('登记注册科 食品安全科 特种设备安全监察科'), size: 1.2 },
  { name: '中共{c}委办公室', kw: '市委', style: 'party', lines: L('秘书科 综合科 督查科 信息科') },
  { name: '{c}人大常委会办公室', kw: '人大', style: 'party', lines: L('秘书科 研究室 联络科') },
  { name: '{c}人民政府办公室', kw: '政务', style: 'gov', lines: L('秘书一科 秘书二科 督查科 政务公开科') },
  { name: '政协{c}委员会办公室', kw: '政协', style: 'party', lines: L('秘书科 提案科 联络科') },
  { name: '中共{c}纪律检查委员会（{c}监察委员会）', kw: '纪检监察', style: 'party', lines: L('党风政风监督室 信访室 第一监督检查室 案件审理室'), size: 1.3 },
  { name: '中共{c}委组织部', kw: '组织', style: 'party', lines: L('组织科 干部科 干部监督科 人才工作科') },
  { name: '中共{c}委宣传部', kw: '宣传', style: 'party', lines: L('理论科 新闻科 文艺科') },
  { name: '中共{c}委统一战线工作部', kw: '统战', style: 'party', lines: L('党派工作科 民族宗教科 经济科') },
  { name: '中共{c}委政法委员会', kw: '政法', style: 'party', lines: L('执法监督科 维护稳定科 综治督导科') },
  { name: '中共{c}委机构编制委员会办公室', kw: '机构编制', style: 'party', lines: L('机构编制科 事业单位监督管理科') },
  { name: '中共{c}委党校', kw: '党校', style: 'inst', lines: L('教务科 科研科') },
  { name: '{c}发展和改革委员会', kw: '发展改革', style: 'gov', lines: L('发展规划科 固定资产投资科 价格管理科 产业发展科') },
  { name: '{c}科学技术局', kw: '科技', style: 'gov', lines: L('高新技术科 成果转化科') },
  { name: '{c}工业和信息化局', kw: '工业和信息化', style: 'gov', lines: L('产业政策科 装备工业科 中小企业科') },
  { name: '{c}司法局', kw: '司法', style: 'gov', lines: L('行政复议科 公共法律服务科 律师工作科') },
  { name: '{c}生态环境局', kw: '生态环境', style: 'gov', lines: L('大气环境科 水生态环境科 环境影响评价科') },
  { name: '{c}城市管理局', kw: '城市管理', style: 'gov', lines: L('市容环境卫生科 市政设施科 园林绿化科') },
  { name: '{c}水利局', kw: '水利', style: 'gov', lines: L('水资源科 河湖管理科 水旱灾害防御科') },
  { name: '{c}农业农村局', kw: '农业农村', style: 'gov', lines: L('种植业科 乡村产业科 农田建设科') },
  { name: '{c}商务局', kw: '商务', style: 'gov', lines: L('对外贸易科 外资科 市场运行科') },
  { name: '{c}文化和旅游局', kw: '文化和旅游', style: 'gov', lines: L('艺术科 公共服务科 市场管理科') },
  { name: '{c}退役军人事务局', kw: '退役军人', style: 'gov', lines: L('移交安置科 就业创业科 拥军优抚科') },
  { name: '{c}应急管理局', kw: '应急管理', style: 'gov', lines: L('风险监测和综合减灾科 危险化学品科 执法监督科') },
  { name: '{c}审计局', kw: '审计', style: 'gov', lines: L('财政审计科 经济责任审计科 企业审计科') },
  { name: '{c}人民政府国有资产监督管理委员会', kw: '国有资产', style: 'gov', lines: L('企业改革科 产权管理科 考核分配科') },
  { name: '{c}统计局', kw: '统计', style: 'gov', lines: L('综合科 国民经济核算科 工业统计科') },
  { name: '{c}医疗保障局', kw: '医疗保障', style: 'gov', lines: L('待遇保障科 医药价格和招标采购科 基金监管科') },
  { name: '{c}行政审批服务局', kw: '行政审批', style: 'gov', lines: L('投资建设审批科 市场准入审批科 社会事务审批科') },
  { name: '{c}大数据局', kw: '大数据', style: 'gov', lines: L('数据资源科 电子政务科') },
  { name: '{c}信访局', kw: '信访', style: 'gov', lines: L('办信科 接访科 督查督办科') },
  { name: '{c}体育局', kw: '体育', style: 'gov', lines: L('群众体育科 竞技体育科') },
  { name: '{c}中级人民法院', kw: '审判', style: 'court', lines: L('立案庭 刑事审判第一庭 民事审判第一庭 执行局'), size: 1.5 },
  { name: '{c}人民检察院', kw: '检察', style: 'court', lines: L('第一检察部 第二检察部 控告申诉检察部'), size: 1.2 },
  { name: '{c}总工会', kw: '工会', style: 'mass', lines: L('组织部 权益保障部') },
  { name: '共青团{c}委员会', kw: '共青团', style: 'mass', lines: L('组织部 青年发展部') },
  { name: '{c}妇女联合会', kw: '妇女', style: 'mass', lines: L('组织联络部 家庭和儿童工作部') },
  { name: '{c}残疾人联合会', kw: '残疾人', style: 'mass', lines: L('康复部 教育就业部') },
  { name: '{c}供销合作社', kw: '供销合作', style: 'gov', lines: L('合作指导科 业务发展科') },
];

/** County departments; the first three are the demo set. `{city}` is used for the city's sub-branches. */
export const COUNTY_DEPTS: LocalDept[] = [
  { name: '{c}教育和体育局', kw: '教育体育', style: 'gov', lines: L('基础教育股 教师管理股 体育卫生艺术股'), subs: 'schools', size: 1.2 },
  { name: '{c}财政局', kw: '财政', style: 'gov', lines: L('预算股 国库股 政府采购股') },
  { name: '{c}卫生健康局', kw: '卫生健康', style: 'gov', lines: L('医政医管股 基层卫生股 疾病预防控制股'), subs: 'hospitals' },
  { name: '中共{c}委办公室', kw: '县委', style: 'party', lines: L('秘书股 督查股 信息股') },
  { name: '{c}人大常委会办公室', kw: '人大', style: 'party', lines: L('秘书股 联络股') },
  { name: '{c}人民政府办公室', kw: '政务', style: 'gov', lines: L('秘书股 督查股 政务公开股') },
  { name: '政协{c}委员会办公室', kw: '政协', style: 'party', lines: L('秘书股 提案股') },
  { name: '中共{c}纪律检查委员会（{c}监察委员会）', kw: '纪检监察', style: 'party', lines: L('党风政风监督室 信访室 第一纪检监察室'), size: 1.2 },
  { name: '中共{c}委组织部', kw: '组织', style: 'party', lines: L('组织股 干部股 人才股') },
  { name: '中共{c}委宣传部', kw: '宣传', style: 'party', lines: L('理论股 新闻股') },
  { name: '中共{c}委统一战线工作部', kw: '统战', style: 'party', lines: L('党派股 民族宗教股') },
  { name: '中共{c}委政法委员会', kw: '政法', style: 'party', lines: L('执法监督股 综治督导股') },
  { name: '中共{c}委机构编制委员会办公室', kw: '机构编制', style: 'party', lines: L('机构编制股') },
  { name: '{c}发展和改革局', kw: '发展改革', style: 'gov', lines: L('发展规划股 投资股 价格股') },
  { name: '{c}工业和信息化局', kw: '工业和信息化', style: 'gov', lines: L('工业股 中小企业股') },
  { name: '{cityPolice}', kw: '公安', style: 'gov', lines: L('指挥中心 治安管理大队 刑事侦查大队 交通警察大队'), size: 2 },
  { name: '{c}民政局', kw: '民政', style: 'gov', lines: L('社会救助股 养老服务股') },
  { name: '{c}司法局', kw: '司法', style: 'gov', lines: L('公共法律服务股 社区矫正股') },
  { name: '{c}人力资源和社会保障局', kw: '人力资源社会保障', style: 'gov', lines: L('就业股 社会保险股 劳动关系股') },
  { name: '{c}自然资源局', kw: '自然资源', style: 'gov', lines: L('国土空间规划股 耕地保护股 不动产登记股') },
  { name: '{cityEnv}', kw: '生态环境', style: 'gov', lines: L('环境管理股 执法大队') },
  { name: '{c}住房和城乡建设局', kw: '住房城乡建设', style: 'gov', lines: L('房地产股 城市建设股 村镇建设股') },
  { name: '{c}交通运输局', kw: '交通运输', style: 'gov', lines: L('公路股 运输股') },
  { name: '{c}水利局', kw: '水利', style: 'gov', lines: L('水资源股 河湖管理股') },
  { name: '{c}农业农村局', kw: '农业农村', style: 'gov', lines: L('种植业股 乡村产业股 农田建设股') },
  { name: '{c}商务局', kw: '商务', style: 'gov', lines: L('外贸股 市场运行股') },
  { name: '{c}文化和旅游局', kw: '文化和旅游', style: 'gov', lines: L('文化艺术股 旅游发展股') },
  { name: '{c}退役军人事务局', kw: '退役军人', style: 'gov', lines: L('安置股 优抚股') },
  { name: '{c}应急管理局', kw: '应急管理', style: 'gov', lines: L('综合减灾股 安全生产股') },
  { name: '{c}审计局', kw: '审计', style: 'gov', lines: L('财政审计股 经济责任审计股') },
  { name: '{c}市场监督管理局', kw: '市场监管', style: 'gov', lines: L('登记注册股 食品安全股 特种设备股'), size: 1.2 },
  { name: '{c}统计局', kw: '统计', style: 'gov', lines: L('综合股 农村统计股') },
  { name: '{c}医疗保障局', kw: '医疗保障', style: 'gov', lines: L('待遇保障股 基金监管股') },
  { name: '{c}行政审批服务局', kw: '行政审批', style: 'gov', lines: L('投资建设审批股 市场准入审批股') },
  { name: '{c}综合行政执法局', kw: '综合执法', style: 'gov', lines: L('执法一中队 执法二中队 法制股') },
  { name: '{c}信访局', kw: '信访', style: 'gov', lines: L('办信股 接访股') },
  { name: '{c}人民法院', kw: '审判', style: 'court', lines: L('立案庭 刑事审判庭 民事审判庭 执行局'), size: 1.3 },
  { name: '{c}人民检察院', kw: '检察', style: 'court', lines: L('第一检察部 第二检察部') },
  { name: '{c}总工会', kw: '工会', style: 'mass', lines: L('组织部') },
  { name: '共青团{c}委员会', kw: '共青团', style: 'mass', lines: [] },
  { name: '{c}妇女联合会', kw: '妇女', style: 'mass', lines: [] },
];

/** Development zones: a management committee and a few bureaus; the first three are the demo set. */
export const ZONE_DEPTS: LocalDept[] = [
  { name: '{c}管理委员会', kw: '管委会', style: 'gov', lines: L('党政办公室 经济发展部 规划建设部 招商服务部'), size: 1.5 },
  { name: '{c}财政金融局', kw: '财政', style: 'gov', lines: L('预算科 国库科') },
  { name: '{c}社会事业局', kw: '社会事业', style: 'gov', lines: L('教育体育科 卫生健康科 民政科'), subs: 'schools' },
  { name: '{c}经济发展局', kw: '经济发展', style: 'gov', lines: L('产业科 项目科') },
  { name: '{c}规划建设局', kw: '规划建设', style: 'gov', lines: L('规划科 建设管理科') },
  { name: '{c}行政审批服务局', kw: '行政审批', style: 'gov', lines: L('审批一科 审批二科') },
  { name: '{c}综合执法局', kw: '综合执法', style: 'gov', lines: L('执法一中队 执法二中队') },
  { name: '{c}应急管理局', kw: '应急管理', style: 'gov', lines: L('安全生产科') },
];

export const NUMERALS = L('一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十');

/** County-level schools and hospitals (province scale). `{c}` is the county's full name. */
export const COUNTY_SCHOOLS = L(
  '{c}第一中学 {c}第二中学 {c}实验中学 {c}第一实验小学 {c}第二实验小学 {c}实验幼儿园 {c}职业中等专业学校 {c}特殊教育学校 {c}教育和体育发展中心',
);
export const COUNTY_HOSPITALS = L('{c}人民医院 {c}中医医院 {c}妇幼保健院 {c}疾病预防控制中心 {c}精神卫生中心 {c}急救中心');
export const CITY_SCHOOLS = L(
  '{c}第一中学 {c}第二中学 {c}第三中学 {c}实验中学 {c}外国语学校 {c}特殊教育学校 {c}实验小学 {c}机关幼儿园 {c}技师学院 {c}教育科学研究院 {c}教育招生考试中心',
);
export const CITY_HOSPITALS = L(
  '{c}人民医院 {c}中心医院 {c}中医医院 {c}妇幼保健院 {c}传染病医院 {c}精神卫生中心 {c}急救中心 {c}疾病预防控制中心 {c}中心血站',
);

/** Township-level service units (province scale). `{t}` is the township's full name. */
export const TOWNSHIP_SERVICE_UNITS = L('{t}便民服务中心 {t}综合文化站 {t}退役军人服务站 {t}社会治理网格化服务中心');
export const TOWN_ONLY_UNITS = L('{t}农业综合服务中心');
