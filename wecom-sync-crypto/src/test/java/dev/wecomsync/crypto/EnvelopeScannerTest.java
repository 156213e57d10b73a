package dev.wecomsync.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser-free reading of WeCom's plain envelope agrees with the parser, or steps aside. */
class EnvelopeScannerTest {
    private static final String ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3Qw==";

    @ParameterizedTest
    @ValueSource(strings = {
        "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Encrypt><![CDATA[" + ENCRYPT + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>",
        "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><AgentID></AgentID><Encrypt>" + ENCRYPT + "</Encrypt></xml>",
        "\n  <xml>\n\t<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n\t<Encrypt>\n " + ENCRYPT + " \n</Encrypt>\n\t<AgentID/>\n</xml>\n",
        "<xml ><Encrypt > <![CDATA[" + ENCRYPT + "]]> </Encrypt ><AgentID>1000002</AgentID ></xml >",
        "<xml><Encrypt>" + ENCRYPT + "</Encrypt><Encrypt>AAAA</Encrypt><Note>a > b, 中文</Note></xml>",
    })
    void readsWeComsShapesExactlyAsTheParserDoes(String body) throws Exception {
        String scanned = EnvelopeScanner.encryptOrNull(body);

        assertThat(scanned).isEqualTo(ENCRYPT).isEqualTo(EncryptElement.readWithParser(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<?xml version=\"1.0\"?><xml><Encrypt>AAAA</Encrypt></xml>",
        "<!DOCTYPE xml [<!ENTITY e \"AAAA\">]><xml><Encrypt>&e;</Encrypt></xml>",
        "<xml><!-- note --><Encrypt>AAAA</Encrypt></xml>",
        "<xml><Encrypt a=\"1\">AAAA</Encrypt></xml>",
        "<xml><Encrypt>AA&#65;A</Encrypt></xml>",
        "<xml><Encrypt><b>AAAA</b></Encrypt></xml>",
        "<xml><Encrypt>AAAA\r\n</Encrypt></xml>",
        "<xml><w:Encrypt xmlns:w=\"urn:x\">AAAA</w:Encrypt></xml>",
        "<xml><Encrypt>AAAA</Encrypt>",
        "<xml><Encrypt>AAAA</Encrypt></xml><more/>",
        "<xml><Encrypt>AAAA</Encrypt></xml>trailing",
        "<xml><ToUserName>ww1</ToUserName></xml>",
        "<xml><Encrypt>  </Encrypt></xml>",
        "<xml><Encrypt>AA AA?</Encrypt></xml>",
        "<xml><Encrypt>AAAA</Encryp></xml>",
        "<xml><Encrypt><![CDATA[AAAA]]>x</Encrypt></xml>",
        "<xml><Note>\u0001</Note><Encrypt>AAAA</Encrypt></xml>",
        "<xml><Note>]]></Note><Encrypt>AAAA</Encrypt></xml>",
        "\uFEFF<xml><Encrypt>AAAA</Encrypt></xml>",
        "",
    })
    void leavesEveryOtherShapeToTheParser(String body) {
        assertThat(EnvelopeScanner.encryptOrNull(body)).isNull();
    }

    /** Mutates real envelopes with XML's significant characters; whenever the scanner answers, the parser agrees. */
    @Test
    void neverDisagreesWithTheParserOnMutatedEnvelopes() {
        String[] bases = {
            "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Encrypt><![CDATA[AbC+/9==]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>",
            "<xml>\n<ToUserName>ww1</ToUserName>\n<Encrypt>AbC+/9==</Encrypt>\n<AgentID/>\n</xml>",
        };
        String alphabet = "<>/![]&;=\"' \t\r\n?-:CDATAEncryptxml#\u0000\u00e9\uD83D";
        Random random = new Random(20261201);
        int scanned = 0;
        int declined = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            StringBuilder body = new StringBuilder(bases[i % bases.length]);
            for (int m = 1 + random.nextInt(3); m > 0; m--) mutate(body, alphabet, random);
            String input = body.toString();
            String fast = EnvelopeScanner.encryptOrNull(input);
            if (fast == null) {
                declined++;
                continue;
            }
            scanned++;
            try {
                String parsed = EncryptElement.readWithParser(input);
                if (!fast.equals(parsed)) disagreements.add(input + " -> " + fast + " vs " + parsed);
            } catch (CallbackCryptoException e) {
                disagreements.add(input + " -> " + fast + " vs " + e.getMessage());
            }
        }
        if (!disagreements.isEmpty()) fail(disagreements.size() + " disagreements, e.g. " + disagreements.subList(0, Math.min(5, disagreements.size())));
        assertThat(scanned).as("mutants the scanner read").isGreaterThan(2_000);
        assertThat(declined).as("mutants the scanner left to the parser").isGreaterThan(2_000);
    }

    private static void mutate(StringBuilder body, String alphabet, Random random) {
        int at = random.nextInt(body.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
            case 0 -> body.insert(at, c);
            case 1 -> { if (at < body.length()) body.deleteCharAt(at); }
            default -> { if (at < body.length()) body.setCharAt(at, c); }
        }
    }
}
