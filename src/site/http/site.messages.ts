import { registerMessages } from '../../platform/i18n/i18n.js';

// The home page's copy. Say only what exists.
registerMessages({
  'zh-CN': {
    'home.title': '首页',
    'home.lead':
      '本平台依据《中华人民共和国政府信息公开条例》，集中公开{city}及其部门、镇（街道）的政府信息。您可以在这里查看各机构的政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开年报。',
    'home.enter_h': '进入政府信息公开',
    'home.city_column': '{city}政府信息公开专栏',
    'home.city_column_desc': '市人民政府本级的公开指南、公开制度、法定主动公开内容和年报。',
    'home.directory_link': '全部机构目录',
    'home.directory_desc': '按类别列出的市人民政府、市政府部门和镇（街道），以及各自的下属机构。',
    'home.groups_h': '按机构类别浏览',
    'home.group_count': '{n} 个',
    'home.how_h': '如何获取政府信息',
    'home.how_text':
      '主动公开的政府信息发布在各机构的政府信息公开专栏。本平台未公开的政府信息，可以按各机构政府信息公开指南所列方式向该机构提出申请。',
    'home.request_h': '申请公开政府信息',
    'home.apply_link': '在线申请',
    'home.apply_desc': '没有找到需要的信息？无需注册，在线向有关机关申请公开，20个工作日内答复。',
    'home.track_link': '查询办理进度',
    'home.track_desc': '凭申请编号和查询码查看办理进度和答复，撤回申请或在线补正。',
    'home.no_orgs': '本平台尚未登记任何机构，管理员完成机构设置后，各机构的政府信息公开专栏将在此显示。',
  },
  en: {
    'home.title': 'Home',
    'home.lead':
      'Under the Regulations of the People’s Republic of China on Open Government Information, this platform publishes the government information of {city}, its departments and its towns and streets. Here you can read each organisation’s disclosure guide, disclosure rules, statutory proactive disclosures and annual reports.',
    'home.enter_h': 'Government information disclosure',
    'home.city_column': 'Disclosure column of {city}',
    'home.city_column_desc':
      'The city government’s own disclosure guide, rules, statutory proactive disclosures and annual reports.',
    'home.directory_link': 'Directory of all organisations',
    'home.directory_desc':
      'The city government, its departments and its towns and streets, grouped by kind, with the offices under each.',
    'home.groups_h': 'Browse by kind of organisation',
    'home.group_count': '{n}',
    'home.how_h': 'How to obtain government information',
    'home.how_text':
      'Information disclosed proactively is published in each organisation’s disclosure column. For information not published here, you can make a request to the organisation in the ways its disclosure guide describes.',
    'home.request_h': 'Ask for government information',
    'home.apply_link': 'Apply online',
    'home.apply_desc':
      'Not found what you need? Ask the body concerned online, no account needed; it answers within 20 working days.',
    'home.track_link': 'Track an application',
    'home.track_desc':
      'With your reference and query code: see progress and the answer, withdraw, or send a correction online.',
    'home.no_orgs':
      'No organisations have been registered on this platform yet. Once an administrator sets them up, their disclosure columns will appear here.',
  },
});
