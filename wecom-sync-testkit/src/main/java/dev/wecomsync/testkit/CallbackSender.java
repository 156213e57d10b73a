package dev.wecomsync.testkit;

import dev.wecomsync.crypto.CallbackCrypto;
import dev.wecomsync.crypto.EncryptedMessage;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Sends encrypted contact callbacks to a host's endpoint, as WeCom does: POST {@code url?msg_signature=…
 * &timestamp=…&nonce=…} with body {@code <xml><ToUserName/><Encrypt/><AgentID/></xml>}, signed and encrypted
 * with the endpoint's Token and EncodingAESKey ({@link CallbackCrypto}, receiveId = corpid). Get one from
 * {@link WeComSimulator#callbacks(String, String, String)}, or from
 * {@link WeComSimulator#callbacks(CallbackTransport, String, String)} to deliver straight into a handler.
 *
 * <pre>{@code
 * CallbackSender sender = sim.callbacks(endpointUrl, "token", encodingAesKey);
 * assertThat(sender.verifyUrl().passed()).isTrue();
 * sender.emitChanges(EventForm.SKELETON);          // each org mutation now posts its event
 * sim.org().deleteUser("zhangsan");                 // → delete_user delivered
 * sender.resend(sender.lastDelivery());             // exactly the same request again, as WeCom retries
 * sender.send(sender.events().updateTag(1, List.of("lisi"), List.of(), List.of(), List.of()));
 * }</pre>
 *
 * <h2>Order and retries</h2>
 * Deliveries are synchronous: {@link #send} (and an org mutation, while {@link #emitChanges} is on) returns once
 * the endpoint answered. {@link #hold()} queues automatic events instead; {@link #release()},
 * {@link #releaseShuffled()} or {@link #takeHeld()} then deliver them in order, in a seeded random order, or
 * any order you choose. Nothing is retried by itself; {@link #resend(Delivery)} repeats a delivery exactly.
 *
 * <h2>Thread safety</h2>
 * Thread-safe. Call {@link #close()} to stop automatic emission.
 */
public final class CallbackSender implements AutoCloseable {

  private static final char[] NONCE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

  private final WeComSimulator simulator;
  private final CallbackTransport transport;
  private final CallbackCrypto crypto;
  private final ChangeEvents events;
  private final Random random;
  private final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
  private final List<CallbackEvent> held = new ArrayList<>();
  private final Consumer<OrgChange> listener = this::onChange;
  private volatile EventForm form;
  private boolean holding;

  CallbackSender(WeComSimulator simulator, CallbackTransport transport, String token, String encodingAesKey) {
    this.simulator = simulator;
    this.transport = transport;
    this.crypto = CallbackCrypto.of(token, encodingAesKey, simulator.corpId());
    this.events = new ChangeEvents(simulator.corpId(), simulator.clock());
    this.random = new Random(simulator.seed() ^ 0xCA11BAC4L);
  }

  /** Makes events for this corp, timestamped on the simulator's clock. */
  public ChangeEvents events() {
    return events;
  }

  /**
   * From now on every mutation of the simulator's org posts its event in the given form (or holds it, see
   * {@link #hold()}). A second call changes the form.
   */
  public synchronized CallbackSender emitChanges(EventForm form) {
    Objects.requireNonNull(form, "form == null");
    if (this.form == null) simulator.org().addListener(listener);
    this.form = form;
    return this;
  }

  /** Stops automatic emission. */
  public synchronized CallbackSender stopEmitting() {
    simulator.org().removeListener(listener);
    form = null;
    return this;
  }

  /** Queues automatic events instead of delivering them. */
  public synchronized CallbackSender hold() {
    holding = true;
    return this;
  }

  /** The events held so far, oldest first. */
  public synchronized List<CallbackEvent> held() {
    return List.copyOf(held);
  }

  /** Stops holding and returns the held events without delivering them: send them in any order you like. */
  public synchronized List<CallbackEvent> takeHeld() {
    holding = false;
    List<CallbackEvent> out = List.copyOf(held);
    held.clear();
    return out;
  }

  /** Stops holding and delivers the held events, oldest first. */
  public List<Delivery> release() {
    return sendAll(takeHeld());
  }

  /** Stops holding and delivers the held events in a random order drawn from the simulator's seed. */
  public List<Delivery> releaseShuffled() {
    List<CallbackEvent> events = new ArrayList<>(takeHeld());
    synchronized (random) {
      Collections.shuffle(events, random);
    }
    return sendAll(events);
  }

  /** Encrypts, signs and posts one event now, with a fresh timestamp (simulator clock) and nonce. */
  public Delivery send(CallbackEvent event) {
    String timestamp = String.valueOf(simulator.clock().millis() / 1000);
    String nonce = nonce();
    EncryptedMessage m = crypto.encrypt(event.xml(), timestamp, nonce);
    String body = "<xml><ToUserName><![CDATA[" + simulator.corpId() + "]]></ToUserName><Encrypt><![CDATA["
        + m.encrypt() + "]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>";
    String query = "msg_signature=" + m.msgSignature() + "&timestamp=" + timestamp + "&nonce=" + nonce;
    return post(new Delivery(event, query, body, m.msgSignature(), timestamp, nonce, 0, ""));
  }

  /** Posts plaintext XML of your own as an event of type "custom". */
  public Delivery send(String plaintextXml) {
    return send(new CallbackEvent("custom", plaintextXml));
  }

  /** Posts exactly the same query and body as an earlier delivery, as a WeCom retry does. */
  public Delivery resend(Delivery earlier) {
    return post(earlier);
  }

  /** Repeats the most recent delivery exactly; fails when nothing was delivered yet. */
  public Delivery resendLast() {
    return resend(lastDelivery());
  }

  /** Every delivery so far, resends included, oldest first. */
  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  public Delivery lastDelivery() {
    synchronized (deliveries) {
      if (deliveries.isEmpty()) throw new IllegalStateException("nothing delivered yet");
      return deliveries.get(deliveries.size() - 1);
    }
  }

  /**
   * WeCom's URL verification: GET {@code url?msg_signature&timestamp&nonce&echostr} with an encrypted random
   * number as echostr, percent-encoded once. The endpoint passes when it answers 200 with the number exactly.
   */
  public UrlVerification verifyUrl() {
    String timestamp = String.valueOf(simulator.clock().millis() / 1000);
    String nonce = nonce();
    String expected;
    synchronized (random) {
      expected = String.valueOf(1_000_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 8_000_000_000_000_000_000L);
    }
    EncryptedMessage m = crypto.encrypt(expected, timestamp, nonce);
    String query = "msg_signature=" + m.msgSignature() + "&timestamp=" + timestamp + "&nonce=" + nonce
        + "&echostr=" + URLEncoder.encode(m.encrypt(), StandardCharsets.UTF_8);
    try {
      CallbackTransport.Reply reply = transport.deliver("GET", query, "");
      return new UrlVerification(query, expected, reply.status(), reply.body());
    } catch (IOException e) {
      return new UrlVerification(query, expected, 0, "");
    }
  }

  /** Stops automatic emission; held events are dropped. */
  @Override
  public void close() {
    stopEmitting();
    takeHeld();
  }

  @Override
  public String toString() {
    return "CallbackSender{" + transport + ", deliveries=" + deliveries.size() + "}";
  }

  private void onChange(OrgChange change) {
    EventForm f = form;
    if (f == null) return;
    events.forChange(change, f).ifPresent(event -> {
      synchronized (this) {
        if (holding) {
          held.add(event);
          return;
        }
      }
      send(event);
    });
  }

  private List<Delivery> sendAll(List<CallbackEvent> events) {
    List<Delivery> out = new ArrayList<>();
    for (CallbackEvent e : events) out.add(send(e));
    return out;
  }

  private Delivery post(Delivery delivery) {
    Delivery done;
    try {
      CallbackTransport.Reply reply = transport.deliver("POST", delivery.query(), delivery.body());
      done = delivery.withResponse(reply.status(), reply.body());
    } catch (IOException e) {
      done = delivery.withResponse(0, "");
    }
    deliveries.add(done);
    return done;
  }

  private String nonce() {
    synchronized (random) {
      if (random.nextBoolean()) return String.valueOf(100_000_000 + random.nextInt(900_000_000));
      char[] c = new char[16];
      for (int i = 0; i < c.length; i++) c[i] = NONCE_CHARS[random.nextInt(NONCE_CHARS.length)];
      return new String(c);
    }
  }
}
