package io.contactsync.crm.jdbc;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamedParameterSqlTest {

    @Test
    void should_replace_each_named_parameter_with_a_placeholder_in_order_when_names_repeat() {
        NamedParameterSql parsed = NamedParameterSql.parse(
                "SELECT * FROM t WHERE u > :after_ts OR (u = :after_ts AND id > :after_id) LIMIT :limit");

        assertThat(parsed.sql()).isEqualTo("SELECT * FROM t WHERE u > ? OR (u = ? AND id > ?) LIMIT ?");
        assertThat(parsed.parameterNames()).containsExactly("after_ts", "after_ts", "after_id", "limit");
        assertThat(parsed.positionsOf("after_ts")).containsExactly(1, 2);
    }

    @Test
    void should_leave_colons_alone_when_inside_literals_identifiers_comments_dollar_quotes_and_casts() {
        String sql = "SELECT 'a:b''s :c', \"x:y\", v::text, $$ :d $$, $q$ :e $q$ /* :f */ FROM t -- :g\n"
                + "WHERE id = :id AND t > '10:30'";

        NamedParameterSql parsed = NamedParameterSql.parse(sql);

        assertThat(parsed.parameterNames()).containsExactly("id");
        assertThat(parsed.sql()).isEqualTo(sql.replace(":id", "?"));
    }

    @Test
    void should_refuse_a_bare_question_mark_when_mixed_with_named_parameters() {
        assertThatThrownBy(() -> NamedParameterSql.parse("SELECT * FROM t WHERE a = ? AND b = :b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("named parameters");
    }

    @Test
    void should_refuse_sql_when_a_quote_is_not_closed() {
        assertThatThrownBy(() -> NamedParameterSql.parse("SELECT ':x FROM t")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed");
    }

    /** A piece of SQL, what it must become, and the parameter names it holds. */
    record Piece(String sql, String jdbc, List<String> names) {
        static Piece verbatim(String sql) {
            return new Piece(sql, sql, List.of());
        }
    }

    @Property(tries = 300)
    void should_find_exactly_the_parameters_outside_quotes_when_pieces_are_combined(@ForAll("statements") List<Piece> pieces) {
        StringBuilder sql = new StringBuilder();
        StringBuilder jdbc = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (Piece p : pieces) {
            sql.append(p.sql()).append(' ');
            jdbc.append(p.jdbc()).append(' ');
            names.addAll(p.names());
        }

        NamedParameterSql parsed = NamedParameterSql.parse(sql.toString());

        assertThat(parsed.parameterNames()).isEqualTo(names);
        assertThat(parsed.sql()).isEqualTo(jdbc.toString());
    }

    @Provide
    Arbitrary<List<Piece>> statements() {
        Arbitrary<String> name = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> text = Arbitraries.strings().withChars("abc :?-*/\"$x_1").ofMaxLength(10);
        Arbitrary<Piece> parameter = name.map(n -> new Piece(":" + n, "?", List.of(n)));
        Arbitrary<Piece> word = Arbitraries.of("SELECT", "a", "=", "(", ")", "x::int", "10", "AND", "$1")
                .map(Piece::verbatim);
        Arbitrary<Piece> literal = text.map(t -> Piece.verbatim("'" + t.replace("'", "''") + "'"));
        Arbitrary<Piece> quotedId = text.map(t -> Piece.verbatim("\"" + t.replace("\"", "") + "\""));
        Arbitrary<Piece> lineComment = text.map(t -> Piece.verbatim("-- " + t.replace("\n", "") + "\n"));
        Arbitrary<Piece> blockComment = text.map(t -> Piece.verbatim("/* " + t.replace("/", "") + " */"));
        Arbitrary<Piece> dollar = Combinators.combine(Arbitraries.of("", "q", "tag_1"), text)
                .as((tag, t) -> Piece.verbatim("$" + tag + "$" + t.replace("$", "") + "$" + tag + "$"));
        return Arbitraries.oneOf(parameter, word, literal, quotedId, lineComment, blockComment, dollar)
                .list().ofMaxSize(12);
    }
}
