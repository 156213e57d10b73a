package dev.wecomsync.callback;

import dev.wecomsync.crypto.CallbackCrypto;
import java.time.Instant;

/** WeCom's documented worked example of callback encryption (vector A). Its timestamps are from 2014. */
final class VectorA {
    static final CallbackCrypto CRYPTO =
            CallbackCrypto.of("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
    /** A moment within five minutes of both A1 and A2. */
    static final Instant NOW = Instant.ofEpochSecond(1409659700);

    /** A1's query exactly as WeCom sends it: echostr percent-encoded (%2F, %2B, %3D). */
    static final String A1_QUERY = "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
            + "&timestamp=1409659589&nonce=263014780&echostr="
            + "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
    static final String A1_REPLY = "1616140317555161061";

    static final String A2_QUERY = "msg_signature=477715d11cdb4164915debcba66cb864d751f3e6"
            + "&timestamp=1409659813&nonce=1372623149";
    static final String A2_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdC"
            + "Upj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4X"
            + "gpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+K"
            + "qCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XX"
            + "ZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHB"
            + "ZZIs2pDBS8R07+qN+E7Q==";
    static final String A2_BODY = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>"
            + "<Encrypt><![CDATA[" + A2_ENCRYPT + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";

    private VectorA() {}
}
