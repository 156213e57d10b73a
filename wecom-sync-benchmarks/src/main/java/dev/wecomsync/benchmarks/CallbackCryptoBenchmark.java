package dev.wecomsync.benchmarks;

import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.CallbackCryptoException;
import dev.wecomsync.crypto.EncryptedMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CallbackCrypto} on one thread: a ~600-byte {@code change_contact} event through
 * {@code decryptMessage} (XML envelope, signature, replay window, AES, unpad, receiveId), and WeCom's
 * URL check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CallbackCryptoBenchmark {

    static final String EVENT = """
            <xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>\
            <CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>\
            <ChangeType>create_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><Name><![CDATA[张三]]></Name>\
            <Department><![CDATA[1,2,3]]></Department><MainDepartment>1</MainDepartment><IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>\
            <DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader><Position><![CDATA[产品经理]]></Position><Mobile>13800000000</Mobile>\
            <Gender>1</Gender><Email><![CDATA[zhangsan@gzdev.com]]></Email><BizMail><![CDATA[zhangsan@qyycs2.wecom.work]]></BizMail>\
            <Status>1</Status><Alias><![CDATA[jackzhang]]></Alias><Telephone><![CDATA[020-123456]]></Telephone></xml>""";

    private CallbackCrypto crypto;
    private EncryptedMessage event;
    private String eventBody;
    private EncryptedMessage echo;

    @Setup
    public void setUp() {
        // The default replay window, on a clock that stands at the messages' timestamps.
        crypto = CallbackCrypto.of("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
                "ww1436e0e65a779aee").withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE,
                        Clock.fixed(Instant.ofEpochSecond(1_600_000_000L), ZoneOffset.UTC));
        event = crypto.encrypt(EVENT, "1600000000", "1597212914");
        eventBody = "<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><Encrypt><![CDATA["
                + event.encrypt() + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        echo = crypto.encrypt("1288432023552776189", "1600000100", "47744683");
    }

    @Benchmark
    public String decryptMessage() throws CallbackCryptoException {
        return crypto.decryptMessage(event.msgSignature(), event.timestamp(), event.nonce(), eventBody);
    }

    @Benchmark
    public String verifyUrl() throws CallbackCryptoException {
        return crypto.verifyUrl(echo.msgSignature(), echo.timestamp(), echo.nonce(), echo.encrypt());
    }

    @Benchmark
    public EncryptedMessage encrypt() {
        return crypto.encrypt("success", "1700000000", "1597212914");
    }
}
