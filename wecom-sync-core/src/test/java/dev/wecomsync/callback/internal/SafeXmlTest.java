package dev.wecomsync.callback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import javax.xml.stream.XMLInputFactory;
import org.junit.jupiter.api.Test;

/** The hardening below the DOCTYPE check: the parser itself resolves nothing. */
class SafeXmlTest {
    @Test
    void factoryHasDtdsAndExternalEntitiesSwitchedOff() {
        XMLInputFactory factory = SafeXml.hardenedInputFactory();
        assertThat(factory.getProperty(XMLInputFactory.SUPPORT_DTD)).isEqualTo(false);
        assertThat(factory.getProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES)).isEqualTo(false);
    }

    @Test
    void undeclaredEntityReferencesFail() {
        assertThatThrownBy(() -> SafeXml.read("<xml><a>&xxe;</a></xml>"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void repeatedElementsBecomeArraysAndCdataBecomesText() throws Exception {
        JsonNode root = SafeXml.read("<xml><Item><N>1</N></Item><Item><N><![CDATA[二]]></N></Item></xml>");
        assertThat(root.get("Item").isArray()).isTrue();
        assertThat(root.get("Item").get(1).get("N").asText()).isEqualTo("二");
    }

    @Test
    void parserMessagesNeverQuoteTheInput() {
        assertThatThrownBy(() -> SafeXml.read("<xml><secret>13800000000</secret>"))
                .isInstanceOf(MalformedMessageException.class)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("13800000000"));
    }
}
