package dev.wecomsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.crypto.CallbackCrypto;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Encrypted callbacks (URL verification and contact change events) to a host endpoint, verified with CallbackCrypto. */
class CallbackSenderTest {

    private WeComSimulator sim;
    private CallbackEndpoint endpoint;
    private CallbackSender sender;

    @BeforeEach
    void start() throws Exception {
        sim = WeComSimulator.builder().org(SmallOrg.create()).clock(ManualClock.start()).build();
        endpoint = new CallbackEndpoint(sim.corpId(), sim.clock());
        sender = sim.callbacks(endpoint.url(), CallbackEndpoint.TOKEN, CallbackEndpoint.AES_KEY);
    }

    @AfterEach
    void stop() {
        sender.close();
        endpoint.close();
        sim.close();
    }

    @Test
    void urlVerificationPassesOnlyWithTheExactPlaintext() {
        UrlVerification ok = sender.verifyUrl();
        assertThat(ok.passed()).isTrue();
        assertThat(ok.body()).isEqualTo(ok.expectedBody()).matches("\\d{19}");
        assertThat(endpoint.received().get(0).rawQuery()).matches("msg_signature=[0-9a-f]{40}&timestamp=\\d+&nonce=\\w+"
                + "&echostr=[A-Za-z0-9%]+");
        endpoint.echoWrong = true;
        assertThat(sender.verifyUrl().passed()).isFalse();
    }

    @Test
    void eventsArriveSignedAndEncryptedAsWeComSendsThem() throws Exception {
        Delivery d = sender.send(sender.events().deleteUser("zhangsan"));
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.accepted()).isTrue();
        assertThat(d.query()).isEqualTo("msg_signature=" + d.msgSignature() + "&timestamp=" + d.timestamp()
                + "&nonce=" + d.nonce());
        assertThat(d.timestamp()).isEqualTo("1767225600");
        CallbackCrypto crypto = CallbackCrypto.of(CallbackEndpoint.TOKEN, CallbackEndpoint.AES_KEY, sim.corpId());
        String encrypt = d.body().replaceAll("(?s).*<Encrypt><!\\[CDATA\\[(.*?)]]></Encrypt>.*", "$1");
        assertThat(crypto.signature(d.timestamp(), d.nonce(), encrypt)).isEqualTo(d.msgSignature());
        assertThat(d.body()).startsWith("<xml><ToUserName><![CDATA[" + sim.corpId() + "]]></ToUserName>");
        String plaintext = endpoint.received().get(0).plaintext();
        assertThat(plaintext).isEqualTo(d.event().xml())
                .contains("<ChangeType><![CDATA[delete_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>");
    }

    @Test
    void endpointStatusIsReported() {
        endpoint.postStatus = 500;
        assertThat(sender.send(sender.events().deleteParty(4)).status()).isEqualTo(500);
    }

    @Test
    void resendRepeatsTheSameRequestExactly() {
        Delivery first = sender.send(sender.events().deleteParty(4));
        Delivery again = sender.resendLast();
        assertThat(again.query()).isEqualTo(first.query());
        assertThat(again.body()).isEqualTo(first.body());
        List<CallbackEndpoint.Received> r = endpoint.received();
        assertThat(r).hasSize(2);
        assertThat(r.get(1).rawQuery()).isEqualTo(r.get(0).rawQuery());
        assertThat(r.get(1).body()).isEqualTo(r.get(0).body());
        assertThat(sender.deliveries()).hasSize(2);
    }

    @Test
    void mutationsEmitFullEvents() {
        sender.emitChanges(EventForm.FULL);
        sim.org().addUser(SimUser.builder("zhaoliu", "赵六").department(4).mobile("13900000000").build());
        sim.org().updateUser("zhaoliu", u -> u.withPosition("销售"));
        sim.org().renameUserId("zhaoliu", "zhaoliu2");
        sim.org().addDepartment(new SimDepartment(9, "华南区", null, 4, 7, List.of()));
        sim.org().renameDepartment(9, "华南大区");
        sim.org().deleteUser("zhaoliu2");
        sim.org().deleteDepartment(9);
        List<String> xml = endpoint.plaintexts();
        assertThat(xml).hasSize(7);
        assertThat(xml.get(0)).contains("<ChangeType><![CDATA[create_user]]></ChangeType>",
                "<Name><![CDATA[赵六]]></Name>", "<Mobile><![CDATA[13900000000]]></Mobile>", "<Status>1</Status>");
        assertThat(xml.get(1)).contains("update_user", "<Position><![CDATA[销售]]></Position>").doesNotContain("<Name>");
        assertThat(xml.get(2)).contains("<UserID><![CDATA[zhaoliu]]></UserID><NewUserID><![CDATA[zhaoliu2]]></NewUserID>");
        assertThat(xml.get(3)).contains("create_party", "<Id>9</Id>", "<Name><![CDATA[华南区]]></Name>",
                "<ParentId><![CDATA[4]]></ParentId>", "<Order>7</Order>");
        assertThat(xml.get(4)).contains("update_party", "<Name><![CDATA[华南大区]]></Name>").doesNotContain("ParentId");
        assertThat(xml.get(5)).contains("delete_user", "zhaoliu2");
        assertThat(xml.get(6)).contains("delete_party", "<Id>9</Id>");
    }

    @Test
    void mutationsEmitSkeletonEvents() {
        sender.emitChanges(EventForm.SKELETON);
        sim.org().addUser(SimUser.builder("zhaoliu", "赵六").department(4).mobile("13900000000").build());
        sim.org().updateUser("zhaoliu", u -> u.withPosition("销售"));     // no event in skeleton form
        sim.org().moveUser("zhaoliu", 2, 4);
        sim.org().addDepartment(SimDepartment.of(9, "华南区", 4));
        sim.org().renameDepartment(9, "华南大区");                         // no event
        sim.org().moveDepartment(9, 1);
        List<String> xml = endpoint.plaintexts();
        assertThat(xml).hasSize(4);
        assertThat(xml.get(0)).endsWith("<ChangeType><![CDATA[create_user]]></ChangeType>"
                + "<UserID><![CDATA[zhaoliu]]></UserID><Department><![CDATA[4]]></Department></xml>");
        assertThat(xml.get(1)).endsWith("<UserID><![CDATA[zhaoliu]]></UserID><Department><![CDATA[2,4]]></Department></xml>");
        assertThat(xml.get(2)).endsWith("<Id>9</Id><ParentId><![CDATA[4]]></ParentId></xml>");
        assertThat(xml.get(3)).contains("update_party").endsWith("<Id>9</Id><ParentId><![CDATA[1]]></ParentId></xml>");
    }

    @Test
    void heldEventsCanBeDeliveredOutOfOrder() {
        sender.emitChanges(EventForm.FULL).hold();
        sim.org().addDepartment(SimDepartment.of(9, "A", 1));
        sim.org().addDepartment(SimDepartment.of(10, "B", 9));
        sim.org().addDepartment(SimDepartment.of(11, "C", 10));
        assertThat(endpoint.received()).isEmpty();
        List<CallbackEvent> held = sender.takeHeld();
        assertThat(held).hasSize(3);
        sender.send(held.get(2));
        sender.send(held.get(0));
        assertThat(endpoint.plaintexts().get(0)).contains("<Id>11</Id>");
        assertThat(endpoint.plaintexts().get(1)).contains("<Id>9</Id>");

        sender.hold();
        sim.org().deleteDepartment(11);
        sim.org().deleteDepartment(10);
        assertThat(sender.releaseShuffled()).hasSize(2).allMatch(Delivery::accepted);
        sim.org().deleteDepartment(9);                       // no longer held
        assertThat(endpoint.received()).hasSize(5);
    }

    @Test
    void tagAndBatchJobEvents() {
        sender.send(sender.events().updateTag(1, List.of("zhangsan", "lisi"), List.of(), List.of(1L, 2L), List.of(3L)));
        sender.send(sender.events().batchJobResult("S0Mrnndv", "sync_user", 0, "ok"));
        assertThat(endpoint.plaintexts().get(0)).contains("<ChangeType><![CDATA[update_tag]]></ChangeType><TagId>1</TagId>"
                + "<AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems><AddPartyItems><![CDATA[1,2]]></AddPartyItems>"
                + "<DelPartyItems><![CDATA[3]]></DelPartyItems>");
        assertThat(endpoint.plaintexts().get(1)).contains("<Event><![CDATA[batch_job_result]]></Event><BatchJob>"
                + "<JobId><![CDATA[S0Mrnndv]]></JobId><JobType><![CDATA[sync_user]]></JobType><ErrCode>0</ErrCode>"
                + "<ErrMsg><![CDATA[ok]]></ErrMsg></BatchJob>");
    }

    @Test
    void inProcessTransportNeedsNoHttpServer() throws Exception {
        CallbackCrypto crypto = CallbackCrypto.of(CallbackEndpoint.TOKEN, CallbackEndpoint.AES_KEY, sim.corpId())
                .withMaxAge(CallbackCrypto.DEFAULT_MAX_AGE, sim.clock());
        List<String> seen = new java.util.ArrayList<>();
        CallbackSender direct = sim.callbacks((method, rawQuery, body) -> {
            java.util.Map<String, String> q = new java.util.HashMap<>();
            for (String p : rawQuery.split("&")) {
                q.put(p.substring(0, p.indexOf('=')), java.net.URLDecoder.decode(p.substring(p.indexOf('=') + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            try {
                if (method.equals("GET")) {
                    return new CallbackTransport.Reply(200,
                            crypto.verifyUrl(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), q.get("echostr")));
                }
                seen.add(crypto.decryptMessage(q.get("msg_signature"), q.get("timestamp"), q.get("nonce"), body));
                return new CallbackTransport.Reply(200, "");
            } catch (dev.wecomsync.crypto.CallbackCryptoException e) {
                return new CallbackTransport.Reply(400, e.reason().name());
            }
        }, CallbackEndpoint.TOKEN, CallbackEndpoint.AES_KEY);
        assertThat(direct.verifyUrl().passed()).isTrue();
        direct.emitChanges(EventForm.FULL);
        sim.org().deleteUser("lisi");
        direct.close();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).contains("<ChangeType><![CDATA[delete_user]]></ChangeType><UserID><![CDATA[lisi]]></UserID>");
        assertThat(endpoint.received()).isEmpty();
    }

    @Test
    void unreachableEndpointGivesStatusZero() {
        endpoint.close();
        assertThat(sender.send(sender.events().deleteParty(4)).status()).isZero();
    }
}
