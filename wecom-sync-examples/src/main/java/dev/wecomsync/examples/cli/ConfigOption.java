package dev.wecomsync.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: a properties file with the credentials (see {@code wecom-sync --help}). */
final class ConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with wecom.corp-id, wecom.secret, ...; environment variables win.")
    Path file;
}
