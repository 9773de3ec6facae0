package dev.ccx.fakemodel.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void text_is_split_into_the_requested_number_of_pieces_that_join_back() {
        var pieces = Chunks.split("abcdefghij", 3);

        assertThat(pieces).hasSize(3);
        assertThat(String.join("", pieces)).isEqualTo("abcdefghij");
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isBetween(3, 4));
    }

    @Test
    void short_text_gives_fewer_pieces_and_empty_text_one_empty_piece() {
        assertThat(Chunks.split("ab", 5)).containsExactly("a", "b");
        assertThat(Chunks.split("", 5)).containsExactly("");
    }

    @Test
    void surrogate_pairs_are_never_cut() {
        var pieces = Chunks.split("😀😀😀", 3);

        assertThat(pieces).containsExactly("😀", "😀", "😀");
    }
}
