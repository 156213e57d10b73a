package dev.wecomsync.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wecomsync.examples.console.WeComSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class HelpTest {

    @Test
    void helpWrapsAtWordBoundariesOnly() {
        CommandLine root = WeComSyncCommand.commandLine(Map.of(), nowhere(), nowhere());
        List<CommandLine> commands = new ArrayList<>();
        collect(root, commands);
        for (CommandLine command : commands) {
            String help = command.getUsageMessage();
            Set<String> rendered = new HashSet<>(Arrays.asList(help.split("\\s+")));
            for (String word : words(command.getCommandSpec())) {
                assertThat(rendered).as("%s: the word %s is split across lines", command.getCommandName(), word)
                        .contains(word);
            }
            assertThat(help.lines()).as(command.getCommandName()).allMatch(line -> line.length() <= 80);
        }
    }

    @Test
    void helpListsEveryEnvironmentVariableTheToolReads() {
        String output = CliRun.run(Map.of(), "--help").output();
        String help = output.substring(output.indexOf("Environment variables"));

        List<String> variables = new ArrayList<>(WeComSettings.KEYS.keySet());
        variables.addAll(List.of("WECOM_SYNC_JDBC_URL", "CI", "TERM"));
        for (String variable : variables) {
            assertThat(help).containsPattern("(?m)^  (\\w+, )?" + variable + "[ ,]");
        }
        WeComSettings.KEYS.values().forEach(key -> assertThat(help).contains("[" + key + "]"));
        assertThat(help).contains("--simulate USERS");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    /** The words of a command's descriptions, as written (placeholders left out). */
    private static List<String> words(CommandSpec spec) {
        List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
        texts.addAll(Arrays.asList(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            texts.addAll(Arrays.asList(option.description()));
        }
        List<String> words = new ArrayList<>();
        for (String text : texts) {
            for (String word : text.replace("%n", " ").replace("%%", "%").split("\\s+")) {
                if (!word.isEmpty() && !word.contains("${")) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    private static PrintStream nowhere() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
