package dev.wecomsync.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wecomsync.testkit.SimUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * {@code user/list_id}: POST {@code {"cursor":"…","limit":1..10000}}, one row per (user, department) pair.
 *
 * <p>Rows come in case-insensitive userid order, so a cursor (the last row handed out) stays meaningful while
 * the org changes: users added behind it are missed until the next full pass, as with any cursor. The cursor
 * is opaque (URL-safe Base64). {@code next_cursor} is left out on the last page. Not API.
 */
final class UserListIdApi {

  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String CURSOR_PREFIX = "lid1\u0000";

  private record Row(String userKey, int index, String userId, long department) {}

  private UserListIdApi() {}

  static ObjectNode listIds(Caller caller, ApiRequest request) {
    if (!request.method().equals("POST")) throw new ApiError(43002, "require POST method");
    caller.requireContactSync();
    JsonNode body = parse(request.body());
    int limit = DEFAULT_LIMIT;
    if (body.hasNonNull("limit")) {
      if (!body.get("limit").canConvertToInt()) throw new ApiError(40058, "invalid limit");
      limit = body.get("limit").asInt();
      if (limit < 1 || limit > MAX_LIMIT) throw new ApiError(40058, "limit must be in 1..10000");
    }
    String cursor = body.path("cursor").asText("");

    String afterKey = null;
    int resumeIndex = 0;
    if (!cursor.isEmpty()) {
      String decoded = decode(cursor);
      int sep = decoded.lastIndexOf('\u0000');
      afterKey = decoded.substring(CURSOR_PREFIX.length(), sep);
      resumeIndex = Integer.parseInt(decoded.substring(sep + 1));
    }

    List<Row> rows = new ArrayList<>(Math.min(limit + 1, 4096));
    if (afterKey != null) {
      int from = resumeIndex;
      caller.org().user(afterKey).ifPresent(u -> addRows(caller, u, from, rows, Integer.MAX_VALUE));
    }
    String after = afterKey;
    int chunk = Math.max(256, limit + 1);
    while (rows.size() <= limit) {
      List<SimUser> users = caller.org().usersAfter(after, chunk);
      for (SimUser u : users) {
        addRows(caller, u, 0, rows, limit + 1);
        if (rows.size() > limit) break;
      }
      if (users.size() < chunk) break;
      after = users.get(users.size() - 1).userId();
    }

    ObjectNode out = DirectoryJson.ok();
    boolean more = rows.size() > limit;
    List<Row> page = more ? rows.subList(0, limit) : rows;
    if (more) {
      Row last = page.get(page.size() - 1);
      out.put("next_cursor", encode(CURSOR_PREFIX + last.userKey() + '\u0000' + (last.index() + 1)));
    }
    ArrayNode array = out.putArray("dept_user");
    for (Row r : page) {
      ObjectNode n = array.addObject();
      n.put("userid", r.userId());
      n.put("department", r.department());
    }
    return out;
  }

  /** Adds the user's visible (user, department) rows, numbered by their position in the user's list. */
  private static void addRows(Caller caller, SimUser u, int from, List<Row> rows, int cap) {
    String key = u.userId().toLowerCase(Locale.ROOT);
    List<Long> departments = u.departments();
    for (int i = from; i < departments.size() && rows.size() < cap; i++) {
      if (caller.sees(departments.get(i))) rows.add(new Row(key, i, u.userId(), departments.get(i)));
    }
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) return MAPPER.createObjectNode();
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || !node.isObject()) throw new ApiError(47001, "data format error");
      return node;
    } catch (IOException e) {
      throw new ApiError(47001, "data format error");
    }
  }

  private static String encode(String raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!raw.startsWith(CURSOR_PREFIX) || raw.lastIndexOf('\u0000') < CURSOR_PREFIX.length()) {
        throw new IllegalArgumentException();
      }
      Integer.parseInt(raw.substring(raw.lastIndexOf('\u0000') + 1));
      return raw;
    } catch (IllegalArgumentException e) {
      throw new ApiError(40058, "invalid cursor");
    }
  }
}
