package dev.wecomsync.spring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * On when {@code wecom.callback.enabled} is true, or, when it is not set, when a callback token or
 * EncodingAESKey is set (so a half-configured callback fails at startup, naming what is missing).
 */
public final class CallbackCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        String enabled = env.getProperty("wecom.callback.enabled");
        if (enabled != null && !enabled.isBlank()) {
            return Boolean.parseBoolean(enabled.trim())
                    ? ConditionOutcome.match("wecom.callback.enabled is true")
                    : ConditionOutcome.noMatch("wecom.callback.enabled is false");
        }
        boolean token = set(env.getProperty("wecom.callback.token"));
        boolean key = set(env.getProperty("wecom.callback.encoding-aes-key"));
        return token || key
                ? ConditionOutcome.match("a wecom.callback token or encoding-aes-key is set")
                : ConditionOutcome.noMatch("neither wecom.callback.token nor wecom.callback.encoding-aes-key is set");
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
