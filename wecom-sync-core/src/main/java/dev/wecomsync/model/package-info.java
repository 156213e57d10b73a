/**
 * The directory's records: {@link dev.wecomsync.model.User}, {@link dev.wecomsync.model.Department}
 * and the small values they hold.
 *
 * <h2>How the records grow</h2>
 * WeCom adds fields over time, and so will these records. Construct them with their builders
 * ({@code User.builder(userId)}, {@code Department.builder(id)}, {@code toBuilder()}): code that
 * does keeps compiling and behaving when a component is added, because an unset field is absent
 * ({@code null}, or an empty list). Accessors are never removed or renamed. The canonical
 * constructors and record deconstruction patterns name every component, so they change when one
 * is added: avoid them outside tests. {@code equals} compares every component.
 */
package dev.wecomsync.model;
