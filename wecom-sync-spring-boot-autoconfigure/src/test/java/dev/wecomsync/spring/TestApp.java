package dev.wecomsync.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** An application as a user writes one: the starter, and one SyncTarget bean. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApp {

    @Bean
    RecordingTarget recordingTarget() {
        return new RecordingTarget();
    }
}
