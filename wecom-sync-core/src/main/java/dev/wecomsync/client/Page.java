package dev.wecomsync.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a cursor-paged WeCom list, such as a page of {@code user/list_id}.
 *
 * @param <T> the type of the items
 */
public final class Page<T> {

    private final List<T> items;
    private final String nextCursor;

    /**
     * @param items the items of this page, copied
     * @param nextCursor the cursor of the next page; {@code null} or empty when this is the last page
     */
    public Page(List<T> items, String nextCursor) {
        this.items = List.copyOf(Objects.requireNonNull(items, "items == null"));
        this.nextCursor = nextCursor == null || nextCursor.isEmpty() ? null : nextCursor;
    }

    /** The items of this page, in WeCom's order; may be empty even when more pages follow. */
    public List<T> items() {
        return items;
    }

    /** The cursor that fetches the next page; empty when this is the last page. */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(nextCursor);
    }

    /** True when another page follows this one. */
    public boolean hasMore() {
        return nextCursor != null;
    }

    @Override
    public String toString() {
        return "Page{items=" + items.size() + ", hasMore=" + hasMore() + "}";
    }
}
