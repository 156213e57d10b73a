package dev.wecomsync.testkit.internal;

/** Chinese test data for {@link OrgGenerator}: surnames, given-name syllables and department words, with pinyin. */
final class Names {

  static final String[][] SURNAMES = {
      {"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"},
      {"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"},
      {"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"高", "gao"},
      {"林", "lin"}, {"罗", "luo"}, {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"},
      {"唐", "tang"}, {"许", "xu"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"}, {"曹", "cao"},
      {"欧阳", "ouyang"}, {"司马", "sima"},
  };

  static final String[][] GIVEN = {
      {"伟", "wei"}, {"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"},
      {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"},
      {"杰", "jie"}, {"娟", "juan"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"秀英", "xiuying"},
      {"霞", "xia"}, {"平", "ping"}, {"刚", "gang"}, {"桂英", "guiying"}, {"华", "hua"}, {"玲", "ling"},
      {"建国", "jianguo"}, {"志强", "zhiqiang"}, {"晓", "xiao"}, {"子涵", "zihan"}, {"浩然", "haoran"},
      {"雨桐", "yutong"}, {"思远", "siyuan"}, {"欣怡", "xinyi"}, {"宇", "yu"}, {"婷", "ting"},
  };

  static final String[][] DEPARTMENT_WORDS = {
      {"研发", "R&D"}, {"产品", "Product"}, {"销售", "Sales"}, {"市场", "Marketing"}, {"财务", "Finance"},
      {"人力资源", "HR"}, {"行政", "Admin"}, {"法务", "Legal"}, {"客服", "Support"}, {"运营", "Operations"},
      {"采购", "Procurement"}, {"质量", "Quality"}, {"测试", "QA"}, {"数据", "Data"}, {"安全", "Security"},
      {"设计", "Design"}, {"物流", "Logistics"}, {"战略", "Strategy"}, {"基础架构", "Infrastructure"},
  };

  static final String[] CITIES = {"北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州"};

  static final String[] UNITS = {"中心", "部", "组", "科", "室", "团队"};

  static final String[] POSITIONS = {
      "工程师", "高级工程师", "产品经理", "项目经理", "设计师", "销售代表", "会计", "人事专员", "总监", "助理", "",
  };

  static final String[] STREETS = {"天河路", "南京东路", "中关村大街", "深南大道", "文三路", "人民路"};

  private Names() {}
}
