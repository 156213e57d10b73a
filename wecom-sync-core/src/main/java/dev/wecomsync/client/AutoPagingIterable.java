package dev.wecomsync.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a cursor-paged WeCom list, fetching the pages as iteration reaches them.
 *
 * <p>Each {@link #iterator()} (and each {@link #stream()}) starts again from the first page. Pages
 * are fetched lazily, one at a time, from the thread that iterates; a page that fails for a passing
 * reason is retried with the same cursor (no item is returned twice). When a page finally fails,
 * {@code hasNext()} or {@code next()} throws the {@link WeComException}; the items returned before
 * it are all there is of that run, and a new iteration starts over.
 *
 * @param <T> the type of the items
 */
public final class AutoPagingIterable<T> implements Iterable<T> {

    private final Function<String, Page<T>> fetch;

    /**
     * @param fetch fetches the page at a cursor; the first page with cursor {@code null}
     */
    public AutoPagingIterable(Function<String, Page<T>> fetch) {
        this.fetch = Objects.requireNonNull(fetch, "fetch == null");
    }

    @Override
    public Iterator<T> iterator() {
        return new ItemIterator();
    }

    /** The items as a sequential stream; pages are fetched as the stream is consumed. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    /** The pages themselves, fetched lazily; the first page is fetched even if it turns out empty. */
    public Iterable<Page<T>> pages() {
        return PageIterator::new;
    }

    private final class PageIterator implements Iterator<Page<T>> {
        private String cursor;
        private boolean done;

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public Page<T> next() {
            if (done) {
                throw new NoSuchElementException();
            }
            Page<T> page = fetch.apply(cursor);
            String next = page.nextCursor().orElse(null);
            if (next != null && next.equals(cursor)) {
                throw new WeComException("paging did not advance: WeCom returned the same cursor twice");
            }
            cursor = next;
            done = next == null;
            return page;
        }
    }

    private final class ItemIterator implements Iterator<T> {
        private final PageIterator pages = new PageIterator();
        private Iterator<T> current = java.util.Collections.emptyIterator();

        @Override
        public boolean hasNext() {
            while (!current.hasNext()) {
                if (!pages.hasNext()) {
                    return false;
                }
                current = pages.next().items().iterator();
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }
}
