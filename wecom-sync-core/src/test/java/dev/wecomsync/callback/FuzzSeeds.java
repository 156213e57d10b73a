package dev.wecomsync.callback;

import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.EncryptedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the seed corpus of the four fuzz tests: real requests signed and encrypted with the fuzz
 * key at {@link CallbackHandlerFuzzTest#SEEDED_AT}, around the fixtures' event XML, and hostile
 * ones (DTDs, truncation, deep nesting, oversized, not Base64). A tool, not a test: run it from
 * the repository root after changing the fuzz key or a fixture,
 * {@code java -cp <core test classpath> dev.wecomsync.callback.FuzzSeeds .}, and commit the files.
 */
public final class FuzzSeeds {
    private static final List<String> FIXTURES = List.of("create_user", "update_user", "update_user_partial",
            "delete_user", "create_party", "update_party", "delete_party", "update_tag", "batch_job_result");
    private static final String TS = Long.toString(CallbackHandlerFuzzTest.SEEDED_AT.getEpochSecond());
    private static final String STALE = Long.toString(CallbackHandlerFuzzTest.SEEDED_AT.getEpochSecond() - 3600);

    private final CallbackCrypto crypto = CallbackCrypto.of(CallbackHandlerFuzzTest.TOKEN,
            CallbackHandlerFuzzTest.AES_KEY, CallbackHandlerFuzzTest.CORP_ID);
    private final CallbackCrypto otherCorp = CallbackCrypto.of(CallbackHandlerFuzzTest.TOKEN,
            CallbackHandlerFuzzTest.AES_KEY, "wwSomeoneElse");
    private final CallbackCrypto otherKey = CallbackCrypto.of(CallbackHandlerFuzzTest.TOKEN,
            "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut", CallbackHandlerFuzzTest.CORP_ID);
    private final Path root;

    private FuzzSeeds(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        FuzzSeeds seeds = new FuzzSeeds(Path.of(args.length > 0 ? args[0] : "."));
        seeds.parser();
        seeds.decryptMessage();
        seeds.verifyUrl();
        seeds.handle();
    }

    private void parser() throws IOException {
        Path dir = dir("wecom-sync-core", "dev/wecomsync/callback/internal/EventParserFuzzTestInputs/parse");
        for (String name : FIXTURES) write(dir, name, fixture(name));
        write(dir, "xxe", Hostile.xxe());
        write(dir, "billion_laughs", Hostile.billionLaughs());
        write(dir, "truncated", fixture("create_user").substring(0, 120));
        write(dir, "deep_nesting", "<xml><CreateTime>1</CreateTime>" + "<a>".repeat(5_000) + "</xml>");
        write(dir, "long_department_list", fixture("update_user").replace("<Department><![CDATA[1,2,3]]>",
                "<Department><![CDATA[" + "1,".repeat(5_000) + "3]]>"));
        write(dir, "create_time_not_a_number", fixture("delete_user").replaceAll("<CreateTime>\\d+", "<CreateTime>x"));
        write(dir, "delete_user_without_userid", fixture("delete_user").replaceAll("<UserID>.*?</UserID>", ""));
        write(dir, "batch_job_without_batchjob", fixture("batch_job_result").replaceAll("(?s)<BatchJob>.*</BatchJob>", ""));
        write(dir, "not_xml", "{\"Event\":\"change_contact\"}");
    }

    private void decryptMessage() throws IOException {
        Path dir = dir("wecom-sync-crypto", "dev/wecomsync/crypto/DecryptMessageFuzzTestInputs/decryptMessage");
        for (String name : FIXTURES) {
            EncryptedMessage m = crypto.encrypt(fixture(name), TS, "n" + name.length());
            write(dir, name, lines(m.msgSignature(), TS, m.nonce(), m.encrypt(), body(m.encrypt())));
        }
        EncryptedMessage m = crypto.encrypt(fixture("create_user"), TS, "nonce");
        EncryptedMessage stale = crypto.encrypt(fixture("create_user"), STALE, "nonce");
        String e = m.encrypt();
        write(dir, "resigned_plain_text_envelope", lines("*", TS, "nonce", e, "<xml><Encrypt>" + e + "</Encrypt></xml>"));
        write(dir, "reply_layout", lines(m.msgSignature(), TS, "nonce", e, m.toXml()));
        write(dir, "bad_signature", lines("0".repeat(40), TS, "nonce", e, body(e)));
        write(dir, "stale_timestamp", lines(stale.msgSignature(), STALE, "nonce", stale.encrypt(), body(stale.encrypt())));
        write(dir, "dtd", lines("*", TS, "nonce", e, "<!DOCTYPE xml [<!ENTITY e \"" + e + "\">]><xml><Encrypt>&e;</Encrypt></xml>"));
        write(dir, "xxe", lines("*", TS, "nonce", e, Hostile.xxe()));
        write(dir, "truncated", lines("*", TS, "nonce", e, body(e).substring(0, 70)));
        write(dir, "not_base64", lines("*", TS, "nonce", "not base64!", body("not base64!")));
        write(dir, "deep_nesting", lines("*", TS, "nonce", e,
                "<xml>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "<Encrypt>" + e + "</Encrypt></xml>"));
        write(dir, "huge_encrypt", lines("*", TS, "nonce", "A".repeat(100_000), body("A".repeat(100_000))));
        write(dir, "no_encrypt", lines("*", TS, "nonce", e, "<xml><ToUserName>x</ToUserName></xml>"));
    }

    private void verifyUrl() throws IOException {
        Path dir = dir("wecom-sync-crypto", "dev/wecomsync/crypto/VerifyUrlFuzzTestInputs/verifyUrl");
        EncryptedMessage m = crypto.encrypt("5927782489442352469", TS, "1597212914");
        write(dir, "valid", lines(m.msgSignature(), TS, m.nonce(), m.encrypt()));
        write(dir, "resigned", lines("*", TS, m.nonce(), m.encrypt()));
        write(dir, "utf8_echo", lines("*", TS, "n", crypto.encrypt("回显 ✓", TS, "n").encrypt()));
        write(dir, "other_receive_id", lines("*", TS, "n", otherCorp.encrypt("1", TS, "n").encrypt()));
        write(dir, "other_key", lines("*", TS, "n", otherKey.encrypt("1", TS, "n").encrypt()));
        write(dir, "plus_decoded_to_space", lines("*", TS, "n", m.encrypt().replace('+', ' ')));
        write(dir, "truncated", lines("*", TS, "n", m.encrypt().substring(0, 40)));
        write(dir, "not_base64", lines("*", TS, "n", "%%%%"));
        write(dir, "stale", lines("*", STALE, "n", m.encrypt()));
        write(dir, "timestamp_not_a_number", lines("*", "soon", "n", m.encrypt()));
    }

    private void handle() throws IOException {
        Path dir = dir("wecom-sync-core", "dev/wecomsync/callback/CallbackHandlerFuzzTestInputs/handle");
        for (String name : FIXTURES) {
            EncryptedMessage m = crypto.encrypt(fixture(name), TS, "n" + name.length());
            write(dir, name, lines("POST", query(m), body(m.encrypt())));
        }
        EncryptedMessage echo = crypto.encrypt("5927782489442352469", TS, "1597212914");
        String verify = query(echo) + "&echostr=" + TestSender.encode(echo.encrypt());
        EncryptedMessage m = crypto.encrypt(fixture("delete_user"), TS, "nonce");
        EncryptedMessage stale = crypto.encrypt(fixture("delete_user"), STALE, "nonce");
        EncryptedMessage xxe = crypto.encrypt(Hostile.xxe(), TS, "nonce");
        write(dir, "url_verification", lines("GET", verify));
        write(dir, "url_verification_bad_escape", lines("GET", verify + "%G0"));
        write(dir, "repeated_parameter", lines("GET", verify + "&nonce=1"));
        write(dir, "bad_signature", lines("POST", query(m).replaceFirst("=[0-9a-f]{40}", "=" + "0".repeat(40)), body(m.encrypt())));
        write(dir, "stale_timestamp", lines("POST", query(stale), body(stale.encrypt())));
        write(dir, "dtd_body", lines("POST", query(m), Hostile.billionLaughs()));
        write(dir, "dtd_in_message", lines("POST", query(xxe), body(xxe.encrypt())));
        write(dir, "truncated_body", lines("POST", query(m), body(m.encrypt()).substring(0, 60)));
        write(dir, "no_body", "POST\n" + query(m));
        write(dir, "put", lines("PUT", query(m), body(m.encrypt())));
        String farCreateTime = fixture("delete_user").replaceAll("<CreateTime>\\d+", "<CreateTime>1403610511403610513");
        EncryptedMessage far = crypto.encrypt(farCreateTime, TS, "nonce");
        write(dir, "create_time_out_of_range", lines("POST", query(far), body(far.encrypt())));
        write(dir, "body_too_large", lines("POST", query(m), "x".repeat(CallbackHandlerFuzzTest.MAX_BODY_BYTES + 1)));
    }

    private static String query(EncryptedMessage m) {
        return "msg_signature=" + m.msgSignature() + "&timestamp=" + m.timestamp() + "&nonce=" + TestSender.encode(m.nonce());
    }

    private static String body(String encrypt) {
        return "<xml><ToUserName><![CDATA[" + CallbackHandlerFuzzTest.CORP_ID + "]]></ToUserName><Encrypt><![CDATA["
                + encrypt + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
    }

    private static String lines(String... fields) {
        return String.join("\n", fields);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = FuzzSeeds.class.getResourceAsStream("/events/" + name + ".xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path dir(String module, String path) throws IOException {
        return Files.createDirectories(root.resolve(module).resolve("src/test/resources").resolve(path));
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
