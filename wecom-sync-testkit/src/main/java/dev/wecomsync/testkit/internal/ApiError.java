package dev.wecomsync.testkit.internal;

import java.util.Map;

/**
 * A WeCom error answer: HTTP 200 with {@code errcode} and an {@code errmsg} that the dispatcher completes with
 * WeCom's suffixes. Thrown by the API handlers. Not API.
 */
public final class ApiError extends RuntimeException {

  private static final Map<Integer, String> MESSAGES = Map.ofEntries(
      Map.entry(-1, "system is busy"),
      Map.entry(40001, "invalid credential"),
      Map.entry(40013, "invalid corpid"),
      Map.entry(40014, "invalid access_token"),
      Map.entry(40058, "invalid Request Parameter"),
      Map.entry(41001, "access_token missing"),
      Map.entry(41002, "corpid missing"),
      Map.entry(41004, "corpsecret missing"),
      Map.entry(42001, "access_token expired"),
      Map.entry(43002, "require POST method"),
      Map.entry(45009, "api freq out of limit"),
      Map.entry(45033, "api concurrent out of limit"),
      Map.entry(47001, "data format error"),
      Map.entry(48002, "api forbidden"),
      Map.entry(48009, "api forbidden for contact sync: the request ip was added after 2022-08-15"),
      Map.entry(60011, "no privilege to access/modify contact/party/agent"),
      Map.entry(60020, "not allow to access from your ip"),
      Map.entry(60111, "userid not found"),
      Map.entry(60123, "invalid party id"));

  private final int errcode;

  public ApiError(int errcode, String message) {
    super(message, null, false, false);
    this.errcode = errcode;
  }

  /** An error with WeCom's usual message for the code. */
  public static ApiError of(int errcode) {
    return new ApiError(errcode, standardMessage(errcode));
  }

  public static String standardMessage(int errcode) {
    return MESSAGES.getOrDefault(errcode, "error " + errcode);
  }

  public int errcode() {
    return errcode;
  }
}
