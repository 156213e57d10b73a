package dev.wecomsync.examples.cli;

import dev.wecomsync.examples.console.WeComSettings;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code wecom-sync check}: tries each configured secret and explains what is wrong. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Tries each configured secret and explains what is wrong in plain words.",
                "For each secret: fetches a token and makes one list call; explains a wrong secret, an untrusted"
                        + " IP, 48009 and a narrow visible scope. With both secrets, compares what the app sees with"
                        + " the whole organisation and fails when part of it would be left unsynced. Checks the"
                        + " callback Token and EncodingAESKey when they are set.",
                "Exit code 0 when everything works, 1 otherwise, 2 when settings are missing."})
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    WeComSyncCommand root;

    @Mixin
    ConfigOption config;

    @Mixin
    SimulateOption simulate;

    @Override
    public Integer call() {
        PrintStream out = root.out();
        try (Simulation sim = Simulation.start(simulate, out)) {
            return check(out, sim.settings().orElseGet(() -> root.settings(config.file)));
        }
    }

    private int check(PrintStream out, WeComSettings settings) {
        CorpClients corp = CorpClients.of(settings);
        out.println("Checking corp " + corp.corpId() + " at " + corp.baseUrl());
        SecretCheck check = new SecretCheck(out, corp.baseUrl());
        boolean ok = check.check(SecretCheck.Kind.APP, corp.app());
        boolean appWholeOrg = check.sawWholeOrganisation();
        if (corp.contactSync().isPresent()) {
            boolean contactSyncOk = check.check(SecretCheck.Kind.CONTACT_SYNC, corp.contactSync().get());
            ok &= contactSyncOk;
            if (contactSyncOk) {
                ok &= new VisibleScopeCheck(out).compare(corp.app(), corp.contactSync().get());
            }
        } else {
            ok &= appWholeOrg;
            out.println();
            out.println("Contacts Sync secret (WECOM_CONTACT_SYNC_SECRET): not set. Optional: without it the app"
                    + " secret must see the whole organisation.");
        }
        ok &= checkCallback(out, settings, corp.corpId());
        out.println();
        out.println(ok ? "All checks passed." : "Some checks failed: see the advice above.");
        return ok ? 0 : WeComSyncCommand.FAILED;
    }

    private static boolean checkCallback(PrintStream out, WeComSettings settings, String corpId) {
        out.println();
        if (!settings.hasCallback()) {
            out.println("Callbacks (WECOM_TOKEN, WECOM_ENCODING_AES_KEY): not set; needed only for `serve`.");
            return true;
        }
        try {
            dev.wecomsync.crypto.CallbackCrypto.of(settings.token().orElseThrow(),
                    settings.encodingAesKey().orElseThrow(), corpId);
            out.println("Callbacks: Token and EncodingAESKey are well-formed.");
            return true;
        } catch (IllegalArgumentException e) {
            out.println("Callbacks: " + e.getMessage() + ". Copy them again from App Management -> your app ->"
                    + " Receive Messages -> Set API Receive.");
            return false;
        }
    }
}
