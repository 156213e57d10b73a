package dev.wecomsync.spring.internal;

import dev.wecomsync.spring.WeComPropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link WeComPropertyException} into Spring Boot's short "APPLICATION FAILED TO START" report. */
public final class PropertyFailureAnalyzer extends AbstractFailureAnalyzer<WeComPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WeComPropertyException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix " + cause.property()
                + " in application.properties/yaml or the environment, then start the application again.", cause);
    }
}
