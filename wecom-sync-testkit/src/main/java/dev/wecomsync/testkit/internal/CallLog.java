package dev.wecomsync.testkit.internal;

import dev.wecomsync.testkit.SimulatedCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/** The most recent calls, oldest first, without secrets or tokens; bounded so long runs stay small. Not API. */
public final class CallLog {

  public static final int CAPACITY = 10_000;

  private final ArrayDeque<SimulatedCall> calls = new ArrayDeque<>();

  public void record(String api, String method, HttpUrl url, String body, int httpStatus, int errcode) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      if (name.equals("access_token") || name.equals("corpsecret")) continue;
      String value = url.queryParameter(name);
      params.put(name, value == null ? "" : value);
    }
    SimulatedCall call = new SimulatedCall(api, method, params, body, httpStatus, errcode);
    synchronized (calls) {
      if (calls.size() == CAPACITY) calls.pollFirst();
      calls.addLast(call);
    }
  }

  public List<SimulatedCall> snapshot() {
    synchronized (calls) {
      return List.copyOf(new ArrayList<>(calls));
    }
  }

  public void clear() {
    synchronized (calls) {
      calls.clear();
    }
  }
}
