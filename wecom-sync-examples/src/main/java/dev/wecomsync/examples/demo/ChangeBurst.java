package dev.wecomsync.examples.demo;

import dev.wecomsync.testkit.CallbackSender;
import dev.wecomsync.testkit.Delivery;
import dev.wecomsync.testkit.Org;
import dev.wecomsync.testkit.SimDepartment;
import dev.wecomsync.testkit.SimUser;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Queue;

/**
 * The burst of changes the demo makes to the simulated org: a hire into a new department, a
 * userid rename, a move, a resignation, a deletion, a department rename and a department
 * deletion. The simulator sends each change's callback as WeCom does for a callback URL set up
 * after 2022-08-15 (skeleton form; some changes send nothing at all), synchronously, so the
 * engine's output for each event appears right under the change that caused it.
 */
final class ChangeBurst {

    /** The userid given to the hired member. */
    static final String HIRE_USER_ID = "hire.demo";
    /** Event lines shown per change; the rest are counted. */
    private static final int MAX_LINES = 4;

    private final Org org;
    private final CallbackSender sender;
    private final PrintStream out;
    private final Queue<String> applied;
    private int step;
    private Set<String> leaders;

    ChangeBurst(Org org, CallbackSender sender, PrintStream out, Queue<String> applied) {
        this.org = org;
        this.sender = sender;
        this.out = out;
        this.applied = applied;
    }

    void run() {
        SimDepartment doomed = leafToDelete();
        SimDepartment renamed = org.children(Org.ROOT_ID).stream()
                .filter(d -> d.id() != doomed.id() && d.id() != doomed.parentId()).findFirst().orElseThrow();
        Set<String> taken = new HashSet<>();
        org.members(doomed.id()).forEach(u -> taken.add(u.userId()));
        List<SimUser> plain = org.users().stream()
                .filter(u -> u.status() == SimUser.STATUS_ACTIVE && u.departments().size() == 1
                        && !u.leaderInDepartments().contains(true) && !taken.contains(u.userId())
                        && u.departments().get(0) != doomed.id() && !isLeaderOfAnyone(u))
                .limit(3).toList();
        if (plain.size() < 3) {
            throw new IllegalStateException("the generated org has too few plain members for the demo");
        }

        change("Hire into a new department", () -> {
            SimDepartment created = org.addDepartment("新业务部", renamed.id());
            org.addUser(SimUser.builder(HIRE_USER_ID, "赵新").department(created.id(), 0, false)
                    .position("产品经理").build());
            return "department " + created.id() + " \"" + created.name() + "\" under " + renamed.id()
                    + "; member " + HIRE_USER_ID + " hired into it";
        }, null);

        SimUser a = plain.get(0);
        String newId = a.userId() + ".renamed";
        change("Userid rename", () -> {
            org.renameUserId(a.userId(), newId);
            return a.userId() + " is now " + newId;
        }, null);

        SimUser b = plain.get(1);
        change("Move", () -> {
            org.moveUser(b.userId(), renamed.id());
            return b.userId() + " moved from department " + b.departments().get(0) + " to " + renamed.id();
        }, null);

        SimUser c = plain.get(2);
        change("Resignation (status 5)", () -> {
            org.updateUser(c.userId(), u -> u.withStatus(SimUser.STATUS_EXITED));
            return c.userId() + " left the corp";
        }, "skeleton callbacks carry no status change");

        SimUser d = org.members(doomed.id()).get(0);
        List<SimUser> stay = org.members(doomed.id()).subList(1, org.members(doomed.id()).size());
        change("Deletion", () -> {
            org.deleteUser(d.userId());
            return d.userId() + " deleted";
        }, null);
        resendLastTwice();

        change("Department rename", () -> {
            org.renameDepartment(renamed.id(), renamed.name() + "（新）");
            return "department " + renamed.id() + " renamed to \"" + renamed.name() + "（新）\"";
        }, "skeleton callbacks carry no department rename");

        change("Department deletion", () -> {
            for (SimUser u : stay) {
                List<Long> rest = new java.util.ArrayList<>(u.departments());
                rest.remove(doomed.id());
                if (rest.isEmpty()) {
                    rest.add(doomed.parentId());
                }
                org.moveUser(u.userId(), rest.stream().mapToLong(Long::longValue).toArray());
            }
            org.deleteDepartment(doomed.id());
            return "department " + doomed.id() + " \"" + doomed.name() + "\" deleted after moving its "
                    + stay.size() + " remaining member(s) out";
        }, null);
    }

    private void change(String title, java.util.function.Supplier<String> change, String whyNoCallback) {
        step++;
        out.println();
        out.println("  " + step + ". " + title);
        int before = sender.deliveries().size();
        String what = change.get();
        out.println("     org: " + what);
        printApplied();
        if (sender.deliveries().size() == before) {
            out.println("     (no callback: " + whyNoCallback + "; the reconcile below picks it up)");
        }
        for (Delivery delivery : sender.deliveries().subList(before, sender.deliveries().size())) {
            if (!delivery.accepted()) {
                out.println("     !! " + delivery.event().type() + " answered HTTP " + delivery.status());
            }
        }
    }

    /** WeCom retries a callback that was not answered in time; a retry repeats the request exactly. */
    private void resendLastTwice() {
        Delivery last = sender.lastDelivery();
        Delivery first = sender.resend(last);
        Delivery second = sender.resend(last);
        out.println("     resent " + last.event().type() + " twice, as WeCom retries: HTTP " + first.status() + ", "
                + second.status() + "; applied again " + printApplied() + " time(s) (de-duplicated)");
    }

    /** Prints the lines of the events applied since the last call; returns how many. */
    private int printApplied() {
        List<String> lines = new java.util.ArrayList<>();
        for (String line = applied.poll(); line != null; line = applied.poll()) {
            lines.add(line);
        }
        for (int i = 0; i < lines.size(); i++) {
            boolean shown = lines.size() <= MAX_LINES || i < MAX_LINES - 2 || i == lines.size() - 1;
            if (shown) {
                out.println("     <- " + lines.get(i));
            } else if (i == MAX_LINES - 2) {
                out.println("     <- ... " + (lines.size() - MAX_LINES + 1) + " more like these");
            }
        }
        return lines.size();
    }

    /** The leaf department with the fewest members (preferring some), so the deletion shows moves and a delete_party. */
    private SimDepartment leafToDelete() {
        return org.departments().stream()
                .filter(d -> d.id() != Org.ROOT_ID && d.parentId() != Org.ROOT_ID && org.children(d.id()).isEmpty())
                .filter(d -> org.members(d.id()).stream().noneMatch(this::isLeaderOfAnyone))
                .min(java.util.Comparator.comparingInt((SimDepartment d) -> org.members(d.id()).isEmpty() ? 1 : 0)
                        .thenComparingInt(d -> org.members(d.id()).size()))
                .orElseThrow(() -> new IllegalStateException("the generated org has no leaf department to delete"));
    }

    private boolean isLeaderOfAnyone(SimUser user) {
        if (leaders == null) {
            leaders = new HashSet<>();
            org.departments().forEach(d -> d.leaders().forEach(l -> leaders.add(l.toLowerCase(Locale.ROOT))));
            org.users().forEach(u -> u.directLeaders().forEach(l -> leaders.add(l.toLowerCase(Locale.ROOT))));
        }
        return leaders.contains(user.userId().toLowerCase(Locale.ROOT));
    }
}
