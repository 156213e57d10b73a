/**
 * The sync engine: keeps a host's {@link dev.wecomsync.sync.SyncTarget} in step with a WeCom
 * organisation.
 *
 * <h2>Quick start</h2>
 * <pre>{@code
 * WeComSync sync = WeComSync.builder()
 *     .client(appClient)                   // required: the app secret
 *     .contactSyncClient(contactClient)    // optional: the Contacts Sync secret
 *     .target(myTarget)                    // required: your SyncTarget
 *     .build();
 * SyncReport report = sync.fullSync();     // on demand
 * ScheduledSync nightly = sync.schedule(executor, Duration.ofHours(1));      // periodic reconcile
 * CallbackHandler handler = CallbackHandler.builder().crypto(crypto).onEvent(sync::apply).build();
 * }</pre>
 *
 * <h2>Configuration</h2>
 * <table>
 *   <caption>WeComSync.Builder</caption>
 *   <tr><th>method</th><th>default</th><th>what it does</th></tr>
 *   <tr><td>{@code client}</td><td>required</td><td>app secret: details, and lists when allowed</td></tr>
 *   <tr><td>{@code contactSyncClient}</td><td>none</td><td>Contacts Sync secret: whole-org structure and {@code user/list_id}</td></tr>
 *   <tr><td>{@code target}</td><td>required</td><td>where records go</td></tr>
 *   <tr><td>{@code stateStore}</td><td>the target if it implements {@code SyncStateStore}, else in memory</td><td>fingerprints of what the target has</td></tr>
 *   <tr><td>{@code batchSize}</td><td>500</td><td>records per target call</td></tr>
 *   <tr><td>{@code concurrency}</td><td>8</td><td>per-entity reads in flight</td></tr>
 *   <tr><td>{@code deletionGuard} / {@code allowMassDeletion()}</td><td>20% of known users or departments</td><td>holds back mass deletions</td></tr>
 *   <tr><td>{@code listener}</td><td>none</td><td>progress: phase, done, total</td></tr>
 *   <tr><td>{@code clock}</td><td>system UTC</td><td>report times</td></tr>
 *   <tr><td>{@code lock}</td><td>in-process, per instance</td><td>keeps full syncs from overlapping</td></tr>
 *   <tr><td>{@code changeLimit}</td><td>10,000</td><td>most entries {@code SyncReport.changes()} keeps</td></tr>
 *   <tr><td>{@code detectRenames}</td><td>false</td><td>a userid change no event announced becomes a rename when unambiguous</td></tr>
 *   <tr><td>{@code scope}</td><td>{@code DepartmentScope.all()}</td><td>only these subtrees, less exclusions</td></tr>
 *   <tr><td>{@code deletionDelay}</td><td>none</td><td>how long a record must be missing before it is deleted</td></tr>
 *   <tr><td>{@code confirmationLimit}</td><td>10,000</td><td>most reads per run that confirm deletions</td></tr>
 *   <tr><td>{@code quarantineRatio}</td><td>0.40</td><td>above this share of failures a run makes no deletions</td></tr>
 * </table>
 *
 * <h2>Plans</h2>
 * {@link dev.wecomsync.sync.SyncPlan#LIST_PER_DEPARTMENT}: {@code department/list} and
 * {@code user/list} per department, with the Contacts Sync secret when given, else the app secret.
 * On 48009/48002 the engine switches by itself to
 * {@link dev.wecomsync.sync.SyncPlan#IDS_THEN_DETAILS}: {@code department/simplelist} and
 * {@code user/list_id} for structure and ids, the app secret for names ({@code department/list},
 * else {@code department/get}) and details ({@code user/list} per department it may read,
 * {@code user/get} for the rest). The report says which plan ran and why.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Only changes are written: an unchanged organisation costs reads and no target call.
 *   <li>State advances only for batches the target accepted; a refused batch is redelivered next run.
 *   <li>No deletion in a run where any read failed or that is quarantined; none beyond the
 *       deletion guard unless approved; none before the deletion delay; none without a direct read
 *       ({@code user/get}, {@code department/get}) that says the record does not exist or is out of
 *       the configured {@link dev.wecomsync.sync.DepartmentScope}; a record outside the visible
 *       scope (60011) is {@link dev.wecomsync.sync.RecordChange.Type#UNCONFIRMED}, never deleted.
 *       What waits is listed by {@link dev.wecomsync.sync.WeComSync#pendingDeletions()}.
 *   <li>Userids compare ignoring case; a change of case is passed on as a rename.
 *   <li>Events re-read the record; a {@code NewUserID} is a rename before anything else; applying an
 *       event twice is harmless; events during a full sync win over the full sync's older reads.
 * </ul>
 * A full sync sees a userid change that no event announced as one deletion and one creation,
 * unless {@code detectRenames(true)} finds it unambiguous.
 *
 * <h2>What a run did</h2>
 * {@link dev.wecomsync.sync.SyncReport#changes()} lists each record created, updated, renamed,
 * deleted, held back or failed, with the names of the fields that changed;
 * {@link dev.wecomsync.sync.WeComSync#dryRun()} returns the same list without writing.
 * {@link dev.wecomsync.sync.WeComSync#syncUser} and
 * {@link dev.wecomsync.sync.WeComSync#syncDepartment} sync one record on demand, as an event would.
 */
package dev.wecomsync.sync;
