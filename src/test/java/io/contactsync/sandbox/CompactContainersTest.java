package io.contactsync.sandbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact contact parts behave like the collections they replace (order, removal, views). */
class CompactContainersTest {

    @Test
    void should_keep_insertion_order_and_refuse_duplicates_when_adding_to_a_compact_set() {
        CompactSet s = new CompactSet();
        assertThat(s.add("b")).isTrue();
        assertThat(s.add("a")).isTrue();
        assertThat(s.add("b")).isFalse();
        assertThat(s.addAll(List.of("c", "a"))).isTrue();

        assertThat(s).containsExactly("b", "a", "c");
        assertThat(s).isEqualTo(Set.of("a", "b", "c"));
        assertThat(s.contains("c")).isTrue();
        assertThat(s.contains("d")).isFalse();
    }

    @Test
    void should_remove_by_value_by_iterator_and_in_bulk_when_removing_from_a_compact_set() {
        CompactSet s = new CompactSet(List.of("a", "b", "c", "d"));
        assertThat(s.remove("b")).isTrue();
        assertThat(s.remove("x")).isFalse();
        Iterator<String> it = s.iterator();
        it.next();
        it.remove();
        assertThat(s).containsExactly("c", "d");
        assertThat(s.removeAll(List.of("d", "z"))).isTrue();
        assertThat(s).containsExactly("c");
        s.clear();
        assertThat(s).isEmpty();
        assertThatThrownBy(() -> s.iterator().next()).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void should_keep_first_insertion_order_and_replace_values_when_putting_into_a_compact_map() {
        CompactMap m = new CompactMap();
        assertThat(m.put("f2", "x")).isNull();
        assertThat(m.put("f1", "y")).isNull();
        assertThat(m.put("f2", "z")).isEqualTo("x");

        assertThat(new ArrayList<>(m.keySet())).containsExactly("f2", "f1");
        assertThat(m).isEqualTo(Map.of("f1", "y", "f2", "z"));
        assertThat(m.get("f1")).isEqualTo("y");
        assertThat(m.get("nope")).isNull();
        assertThat(m.containsKey("f2")).isTrue();
    }

    @Test
    void should_remove_by_key_through_the_key_view_and_write_through_entries_when_changing_a_compact_map() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("a", "1");
        source.put("b", "2");
        source.put("c", "3");
        CompactMap m = new CompactMap(source);
        assertThat(m.remove("b")).isEqualTo("2");
        assertThat(m.remove("b")).isNull();
        m.keySet().removeIf("a"::equals);
        m.entrySet().iterator().next().setValue("33");

        assertThat(m).containsExactly(Map.entry("c", "33"));
        assertThatThrownBy(() -> m.put("k", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_share_equal_values_and_stop_growing_at_its_cap_when_pooling() {
        StringPool pool = new StringPool();
        String first = new String("Account");
        String second = new String("Account");

        assertThat(pool.string(first)).isSameAs(first);
        assertThat(pool.string(second)).isSameAs(first);
        assertThat(pool.string(null)).isNull();
        for (int i = 0; i < StringPool.CAP + 10; i++) {
            pool.string("v" + i);
        }
        assertThat(pool.size()).isEqualTo(StringPool.CAP);
        String late = new String("late value");
        assertThat(pool.string(late)).isSameAs(late);
    }

    @Test
    void should_page_after_a_sequence_and_replace_by_sequence_when_indexing_contacts() {
        SeqIndex index = new SeqIndex();
        for (long seq : new long[] {3, 5, 9}) {
            index.put(contact(seq, "c" + seq));
        }
        index.put(contact(1, "c1"));      // a load out of order lands in place
        index.put(contact(5, "c5-new"));  // the same sequence replaces

        assertThat(index.values()).extracting(c -> c.contactId).containsExactly("c1", "c3", "c5-new", "c9");
        assertThat(index.after(3)).extracting(c -> c.contactId).containsExactly("c5-new", "c9");
        assertThat(index.after(4)).extracting(c -> c.contactId).containsExactly("c5-new", "c9");
        assertThat(index.after(9)).isEmpty();
        assertThat(index.after(0)).hasSize(4);
        assertThat(index.size()).isEqualTo(4);
    }

    @Test
    void should_share_repeated_values_and_trim_collections_when_compacting_a_contact() {
        StringPool pool = new StringPool();
        Contact a = contact(1, "a");
        Contact b = contact(2, "b");
        for (Contact c : List.of(a, b)) {
            c.updateSource = new String("Account");
            c.lists = new java.util.LinkedHashSet<>(List.of(new String("list-1")));
            c.customFields = new LinkedHashMap<>(Map.of(new String("field-1"), new String("gold")));
            c.compact(pool);
        }

        assertThat(b.updateSource).isSameAs(a.updateSource);
        assertThat(b.lists).isInstanceOf(CompactSet.class).containsExactly("list-1");
        assertThat(b.lists.iterator().next()).isSameAs(a.lists.iterator().next());
        assertThat(b.customFields).isInstanceOf(CompactMap.class).containsEntry("field-1", "gold");
        assertThat(b.customFields.get("field-1")).isSameAs(a.customFields.get("field-1"));
        assertThat(b.contactId).isEqualTo("b");
    }

    private static Contact contact(long seq, String id) {
        Contact c = new Contact();
        c.seq = seq;
        c.contactId = id;
        return c;
    }
}
