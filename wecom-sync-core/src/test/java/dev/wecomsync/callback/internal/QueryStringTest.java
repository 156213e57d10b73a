package dev.wecomsync.callback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringTest {
    /** Vector A1's echostr exactly as WeCom puts it in the URL: percent-encoded ({@code %2B}, {@code %2F}, {@code %3D}). */
    static final String A1_ECHOSTR_SENT =
            "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
    static final String A1_ECHOSTR =
            "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    @Test
    void decodesEachValueExactlyOnce() throws Exception {
        Map<String, String> q = QueryString.parse("msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
                + "&timestamp=1409659589&nonce=263014780&echostr=" + A1_ECHOSTR_SENT);
        assertThat(q).containsEntry("echostr", A1_ECHOSTR)
                .containsEntry("timestamp", "1409659589")
                .containsEntry("nonce", "263014780")
                .containsEntry("msg_signature", "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
        // "%252B" is a literal "%2B" after one decoding, not "+".
        assertThat(QueryString.parse("a=%252B")).containsEntry("a", "%2B");
    }

    @Test
    void plusStaysPlusBecauseNoSignedValueCanContainASpace() throws Exception {
        assertThat(QueryString.parse("echostr=ab+cd/ef==")).containsEntry("echostr", "ab+cd/ef==");
    }

    @Test
    void decodesUtf8AndKeepsEmptyAndBareParameters() throws Exception {
        assertThat(QueryString.parse("n=%E4%BD%A0%E5%A5%BD&empty=&bare&&x=1"))
                .containsEntry("n", "你好").containsEntry("empty", "").containsEntry("bare", "")
                .containsEntry("x", "1").hasSize(4);
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
    }

    @Test
    void refusesMalformedEscapesInvalidUtf8AndRepeatedNames() {
        for (String bad : new String[] {"a=%2", "a=%", "a=%zz", "a=%C3%28", "a=1&a=1"}) {
            assertThatThrownBy(() -> QueryString.parse(bad)).as(bad)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void aRepeatedNameIsQuotedOnlyByItsStart() {
        String name = "n".repeat(40) + "x".repeat(5_000);
        assertThatThrownBy(() -> QueryString.parse(name + "=1&" + name + "=2"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("query parameter repeated: " + "n".repeat(40) + "…");
        assertThatThrownBy(() -> QueryString.parse("nonce=1&nonce=2")).hasMessage("query parameter repeated: nonce");
    }
}
