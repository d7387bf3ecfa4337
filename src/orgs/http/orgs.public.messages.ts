import { registerMessages } from '../../platform/i18n/i18n.js';
// The organisation context's own messages (guide facts, categories, channels, errors).
import '../org.messages.js';

// Item numbers as Chinese legal texts write them: 第二十条第（一）项 … 第（十五）项.
const CN_NUMERALS = '一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六'.split(' ');

registerMessages({
  'zh-CN': Object.fromEntries(CN_NUMERALS.map((n, i) => [`xxgk.item_no.${i + 1}`, `（${n}）`])),
  en: Object.fromEntries(CN_NUMERALS.map((_, i) => [`xxgk.item_no.${i + 1}`, `(${i + 1})`])),
});

// Public pages of the 政府信息公开 column: the directory and each organisation's sub-columns.
registerMessages({
  'zh-CN': {
    'xxgk.sep': '：',
    'xxgk.statutory.art21_prefix': '《条例》第二十一条：',
    'xxgk.directory.title': '政府信息公开机构目录',
    'xxgk.directory.crumb': '政府信息公开',
    'xxgk.directory.lead':
      '选择一个机构，进入它的政府信息公开专栏，查看政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开年报。',
    'xxgk.directory.jump': '按类别浏览',
    'xxgk.directory.empty': '本平台尚未登记任何机构。',
    'xxgk.directory.group_empty': '暂无此类机构。',
    'xxgk.directory.count': '共 {n} 个',
    'xxgk.group.government': '市人民政府',
    'xxgk.group.department': '市政府部门',
    'xxgk.group.town': '镇（街道）',
    'xxgk.sub_offices': '下属机构',
    'xxgk.sub_offices_of': '{org}的下属机构',
    'xxgk.kind.government': '人民政府',
    'xxgk.kind.department': '部门',
    'xxgk.kind.town': '镇（街道）',
    'xxgk.column.home': '政府信息公开',
    'xxgk.column.guide': '政府信息公开指南',
    'xxgk.column.rules': '政府信息公开制度',
    'xxgk.column.statutory': '法定主动公开内容',
    'xxgk.column.annual_reports': '政府信息公开年报',
    'xxgk.column.guide_desc': '信息的分类、编排体系、获取方式，以及政府信息公开工作机构的联系方式。',
    'xxgk.column.rules_desc': '本机关政府信息公开工作的规章制度。',
    'xxgk.column.statutory_desc': '《条例》第二十条规定应当主动公开的政府信息，按法定项目分类。',
    'xxgk.column.annual_reports_desc': '本机关历年政府信息公开工作年度报告。',
    'xxgk.columns_nav': '政府信息公开栏目',
    'xxgk.org.kind': '机构类别',
    'xxgk.org.parent': '上级机关',
    'xxgk.org.functions': '机关职能',
    'xxgk.org.functions_missing': '本机关尚未在本平台登记机关职能。',
    'xxgk.org.sub_columns': '栏目',
    'xxgk.empty': '暂无信息',
    'xxgk.empty_catalog': '本平台的政府信息公开目录正在建设中，本机关发布的政府信息将在建成后列于此处。',
    'xxgk.regulation': '《中华人民共和国政府信息公开条例》',
    'xxgk.guide.intro':
      '本指南依据《中华人民共和国政府信息公开条例》（以下简称《条例》）第十二条编制，说明{org}政府信息的分类、编排体系、获取方式和政府信息公开工作机构的联系方式。',
    'xxgk.guide.h_classification': '一、信息分类',
    'xxgk.guide.h_arrangement': '二、编排体系',
    'xxgk.guide.h_access': '三、获取方式',
    'xxgk.guide.h_office': '四、政府信息公开工作机构',
    'xxgk.guide.h_remedy': '五、监督和救济',
    'xxgk.guide.columns_intro': '本机关的政府信息公开专栏设以下栏目：',
    'xxgk.guide.h_proactive': '（一）主动公开',
    'xxgk.guide.proactive_text':
      '属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内公开，法律、法规对公开期限另有规定的，从其规定。公众可以通过以下途径获取：',
    'xxgk.guide.h_on_request': '（二）依申请公开',
    'xxgk.guide.on_request_text':
      '除本机关主动公开的政府信息外，公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请应当采用包括信件、数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，由政府信息公开工作机构代为填写申请。',
    'xxgk.guide.on_request_contents':
      '申请内容应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；对获取信息的方式、途径的要求。',
    'xxgk.guide.on_request_channels': '可以通过以下方式提交申请：',
    'xxgk.guide.online_apply': '在本平台在线向{org}提交申请（无需注册）',
    'xxgk.guide.deadline':
      '能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起{days}个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过{ext}个工作日。',
    'xxgk.guide.office_caption': '政府信息公开工作机构及联系方式',
    'xxgk.guide.fact_col': '事项',
    'xxgk.guide.value_col': '内容',
    'xxgk.guide.missing_note': '标为“未提供”的事项，本机关尚未在本平台登记。',
    'xxgk.guide.remedy_text':
      '公民、法人或者其他组织认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。',
    'xxgk.rules.intro':
      '本栏目公开本机关制定的政府信息公开工作制度，如主动公开、依申请公开办理、保密审查等制度。',
    'xxgk.rules.national_h': '适用的法规',
    'xxgk.rules.national':
      '《中华人民共和国政府信息公开条例》（2007年4月5日国务院令第492号公布，2019年4月3日国务院令第711号修订，自2019年5月15日起施行）。',
    'xxgk.rules.own_h': '本机关的政府信息公开制度',
    'xxgk.statutory.intro':
      '《条例》第二十条规定，行政机关应当主动公开下列政府信息。本栏目按这些法定项目编排。',
    'xxgk.statutory.intro_art21':
      '此外，《条例》第二十一条规定了本级政府应当主动公开的其他政府信息，列于最后一项。',
    'xxgk.statutory.contents': '本栏目的项目',
    'xxgk.statutory.art2_guide': '本机关的办公地址、办公时间和联系方式见：',
    'xxgk.annual_reports.intro':
      '依据《条例》第四十九条、第五十条，行政机关每年向社会公布上一年度政府信息公开工作年度报告，内容包括主动公开政府信息的情况，收到和处理政府信息公开申请的情况，因政府信息公开工作被申请行政复议、提起行政诉讼的情况，以及存在的主要问题和改进情况等。',
    'xxgk.annual_reports.list_h': '历年年度报告',
  },
  en: {
    'xxgk.sep': ': ',
    'xxgk.statutory.art21_prefix': 'Article 21: ',
    'xxgk.directory.title': 'Directory of organisations',
    'xxgk.directory.crumb': 'Information disclosure',
    'xxgk.directory.lead':
      'Choose an organisation to open its government information disclosure column: its disclosure guide, disclosure rules, statutory proactive disclosures and annual reports.',
    'xxgk.directory.jump': 'Browse by kind',
    'xxgk.directory.empty': 'No organisations have been registered on this platform yet.',
    'xxgk.directory.group_empty': 'None yet.',
    'xxgk.directory.count': '{n} in total',
    'xxgk.group.government': 'City government',
    'xxgk.group.department': 'City government departments',
    'xxgk.group.town': 'Towns and streets',
    'xxgk.sub_offices': 'Offices under it',
    'xxgk.sub_offices_of': 'Offices under {org}',
    'xxgk.kind.government': 'Government',
    'xxgk.kind.department': 'Department',
    'xxgk.kind.town': 'Town or street',
    'xxgk.column.home': 'Government information disclosure',
    'xxgk.column.guide': 'Disclosure guide',
    'xxgk.column.rules': 'Disclosure rules',
    'xxgk.column.statutory': 'Statutory proactive disclosure',
    'xxgk.column.annual_reports': 'Annual reports',
    'xxgk.column.guide_desc':
      'How information is classified and arranged, how to obtain it, and how to contact the disclosure office.',
    'xxgk.column.rules_desc': 'The rules this organisation follows in its disclosure work.',
    'xxgk.column.statutory_desc':
      'Information that article 20 of the Regulations requires to be disclosed proactively, by statutory item.',
    'xxgk.column.annual_reports_desc': 'This organisation’s annual reports on its disclosure work.',
    'xxgk.columns_nav': 'Disclosure columns',
    'xxgk.org.kind': 'Kind',
    'xxgk.org.parent': 'Parent organisation',
    'xxgk.org.functions': 'Functions',
    'xxgk.org.functions_missing': 'This organisation has not yet recorded its functions on this platform.',
    'xxgk.org.sub_columns': 'Columns',
    'xxgk.empty': 'No information yet',
    'xxgk.empty_catalog':
      'The disclosure catalogue of this platform is still being built; information this organisation publishes will be listed here once it is ready.',
    'xxgk.regulation': 'Regulations of the People’s Republic of China on Open Government Information',
    'xxgk.guide.intro':
      'This guide follows article 12 of the Regulations of the People’s Republic of China on Open Government Information (“the Regulations”). It explains how information held by {org} is classified and arranged, how to obtain it, and how to contact its disclosure office.',
    'xxgk.guide.h_classification': '1. Classification',
    'xxgk.guide.h_arrangement': '2. Arrangement',
    'xxgk.guide.h_access': '3. How to obtain information',
    'xxgk.guide.h_office': '4. Disclosure office',
    'xxgk.guide.h_remedy': '5. Complaints and remedies',
    'xxgk.guide.columns_intro': 'This organisation’s disclosure column has these sections:',
    'xxgk.guide.h_proactive': '3.1 Proactive disclosure',
    'xxgk.guide.proactive_text':
      'Information within the scope of proactive disclosure is published within 20 working days of being created or changed, unless a law or regulation sets another time limit. You can find it here:',
    'xxgk.guide.h_on_request': '3.2 Disclosure on request',
    'xxgk.guide.on_request_text':
      'Beyond what is disclosed proactively, citizens, legal persons and other organisations may ask this organisation for government information. Requests are made in writing, including by letter or electronic message; anyone who finds writing difficult may ask orally and the disclosure office will fill in the request for them.',
    'xxgk.guide.on_request_contents':
      'A request states: the applicant’s name, proof of identity and contact details; the title, document number or another description of the information that helps find it; and how the applicant wishes to receive it.',
    'xxgk.guide.on_request_channels': 'You can submit a request:',
    'xxgk.guide.online_apply': 'Apply to {org} online on this platform (no account needed)',
    'xxgk.guide.deadline':
      'Where possible the answer is given on the spot; otherwise within {days} working days of receiving the request. If more time is needed, the head of the disclosure office must agree and the applicant is told; the extension is at most {ext} working days.',
    'xxgk.guide.office_caption': 'Disclosure office and contact details',
    'xxgk.guide.fact_col': 'Item',
    'xxgk.guide.value_col': 'Details',
    'xxgk.guide.missing_note':
      'Items marked “Not provided” have not yet been recorded on this platform by the organisation.',
    'xxgk.guide.remedy_text':
      'Anyone who believes an administrative body has infringed their lawful rights and interests in its disclosure work may complain to the body one level up or to the authority in charge of disclosure work, or apply for administrative review or bring an administrative lawsuit.',
    'xxgk.rules.intro':
      'This column publishes the rules this organisation has made for its disclosure work, such as rules on proactive disclosure, handling requests and confidentiality review.',
    'xxgk.rules.national_h': 'Applicable regulations',
    'xxgk.rules.national':
      'Regulations of the People’s Republic of China on Open Government Information (State Council Decree No. 492 of 5 April 2007, revised by Decree No. 711 of 3 April 2019, in force since 15 May 2019).',
    'xxgk.rules.own_h': 'This organisation’s disclosure rules',
    'xxgk.statutory.intro':
      'Article 20 of the Regulations lists the information every administrative body must disclose proactively. This column is arranged by those statutory items.',
    'xxgk.statutory.intro_art21':
      'Article 21 adds further information this level of government must disclose; it is the last item.',
    'xxgk.statutory.contents': 'Items in this column',
    'xxgk.statutory.art2_guide': 'This organisation’s address, office hours and contact details are in:',
    'xxgk.annual_reports.intro':
      'Under articles 49 and 50 of the Regulations, administrative bodies publish each year a report on the previous year’s disclosure work: what was disclosed proactively, the requests received and how they were handled, administrative reviews and lawsuits about disclosure, and the main problems and improvements.',
    'xxgk.annual_reports.list_h': 'Annual reports by year',
  },
});
