import { registerMessages } from '../../platform/i18n/i18n.js';

// The home page's copy. Say only what exists: search and online applications are not built yet.
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
    'home.coming_h': '正在建设中',
    'home.coming_text':
      '在线提交政府信息公开申请和申请办理进度查询功能正在建设中，暂未开放。在此之前，请按各机构政府信息公开指南所列方式提交申请。',
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
    'home.coming_h': 'Coming later',
    'home.coming_text':
      'Making disclosure requests online and tracking them are being built and are not available yet. Until then, please make requests in the ways each organisation’s disclosure guide describes.',
    'home.no_orgs':
      'No organisations have been registered on this platform yet. Once an administrator sets them up, their disclosure columns will appear here.',
  },
});
