package dev.wecomsync.testkit;

import java.util.List;

/** A hand-made org whose every value the tests know. */
final class SmallOrg {

  static final long ORDER_ABOVE_2_31 = 3_000_000_000L;

  private SmallOrg() {}

  /** 1 总部 ─┬─ 2 研发部 ── 3 测试组;  └─ 4 销售部.  zhangsan in 2 (leader) and 3, wangwu in 3, lisi in 4. */
  static Org create() {
    Org org = Org.of(List.of(
        new SimDepartment(1, "总部", "HQ", 0, 100, List.of()),
        new SimDepartment(2, "研发部", "R&D", 1, ORDER_ABOVE_2_31, List.of("zhangsan")),
        SimDepartment.of(3, "测试组", 2),
        SimDepartment.of(4, "销售部", 1)), List.of());
    org.addUser(zhangsan());
    org.addUser(SimUser.of("wangwu", "王五", 3).toBuilder().directLeaders(List.of("zhangsan")).build());
    org.addUser(SimUser.builder("lisi", "李四").department(4).status(SimUser.STATUS_INACTIVE).build());
    return org;
  }

  static SimUser zhangsan() {
    return SimUser.builder("zhangsan", "张三")
        .department(2, ORDER_ABOVE_2_31, true)
        .department(3, 5, false)
        .mainDepartment(2)
        .position("产品经理")
        .mobile("13800000000")
        .gender("1")
        .email("zhangsan@example.com")
        .bizMail("zhangsan@corp.wecom.work")
        .avatar("http://wx.qlogo.cn/mmopen/a/0")
        .thumbAvatar("http://wx.qlogo.cn/mmopen/a/100")
        .telephone("020-123456")
        .alias("jackzhang")
        .address("广州市海珠区新港中路")
        .openUserId("woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA")
        .qrCode("https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=xxx")
        .externalPosition("高级产品经理")
        .extAttrs(List.of(SimExtAttr.text("爱好", "旅游"), SimExtAttr.web("卡号", "https://work.weixin.qq.com", "企业微信")))
        .externalProfile(new SimExternalProfile("企业简称", List.of(SimExtAttr.text("职级", "P7"))))
        .build();
  }
}
