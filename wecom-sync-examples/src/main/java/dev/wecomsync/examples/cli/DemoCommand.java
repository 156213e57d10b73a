package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.demo.Demo;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wecom-sync demo}: the README's demo, from the jar. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the demo: a simulated corp synced into an H2 file, then kept in step by callbacks.",
                "2,000 users in 120 departments, a burst of changes, a reconcile, and the proof that the database"
                        + " equals the corp. With WECOM_CORP_ID and WECOM_SECRET set it syncs your corp instead.",
                "Exit code 0 when the database equals the source."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Option(names = "--folder", defaultValue = "wecom-demo", paramLabel = "DIR",
            description = "Folder for the H2 database file (default: ${DEFAULT-VALUE}).")
    Path folder;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException("--folder " + folder + " is a file, not a folder: give a folder for the demo's"
                    + " database (it is created when missing)");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UsageException("cannot create the --folder " + folder + " (" + reason(e) + "): give a folder"
                    + " you may write to", e);
        }
        if (!Files.isWritable(folder)) {
            throw new UsageException("cannot write to the --folder " + folder + ": give a folder you may write to");
        }
        return Demo.run(root.out(), folder, root.environment()).exitCode();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + ((AccessDeniedException) e).getFile();
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return ((FileSystemException) e).getFile() + " is a file, not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
