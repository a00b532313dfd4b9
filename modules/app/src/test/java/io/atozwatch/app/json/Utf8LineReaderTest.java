package io.atozwatch.app.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8LineReaderTest {

    private final List<String> reports = new ArrayList<>();

    private List<String> lines(byte[] input) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new Utf8LineReader(new ByteArrayInputStream(input), (n, why) -> reports.add(n + ": " + why)))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) p;
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    @Test
    void aLineThatIsNotUtf8IsReportedAndReadAsEmptyTheOthersKeepTheirNumbers() throws IOException {
        byte[] input = bytes(
                "caf\u00e9 \uD83D\uDE00\n",
                "ok\r\n",
                new byte[] {'b', 'a', 'd', (byte) 0xE9, '!'},
                "\n",
                new byte[] {(byte) 0xE2, (byte) 0x82},
                "\n",
                "last without newline");

        assertThat(lines(input)).containsExactly("caf\u00e9 \uD83D\uDE00", "ok", "", "", "last without newline");
        assertThat(reports)
                .containsExactly(
                        "3: not UTF-8 text: byte 0xE9 at byte 4 of the line cannot be decoded",
                        "4: not UTF-8 text: byte 0xE2 at byte 1 of the line cannot be decoded");
    }

    @Test
    void longLinesAndEmptyInputsAreReadWhole() throws IOException {
        String longLine = "x".repeat(100_000) + "\u00e9";

        assertThat(lines(bytes(longLine, "\n", "\n", "y"))).containsExactly(longLine, "", "y");
        assertThat(lines(new byte[0])).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void linesAndCharactersCutByTheReadBufferAreReadWholeAndBadBytesCountedWithinTheirOwnLine() throws IOException {
        // lines of 1 to 70,000 bytes, a two-byte character and a bad byte wherever the 64 KiB reads cut them
        List<String> expected = new ArrayList<>();
        List<Object> parts = new ArrayList<>();
        int total = 0;
        for (int length : new int[] {65_534, 1, 65_533, 70_000, 3, 65_535}) {
            String line = length < 2 ? "a".repeat(length) : "a".repeat(length - 2) + "\u00e9"; // length in bytes
            expected.add(line);
            parts.add(line + "\n");
            total += length + 1;
        }
        parts.add(new byte[] {'o', (byte) 0xFF, 'k', '\n'});
        expected.add("");
        parts.add("end");
        expected.add("end");

        assertThat(total).isGreaterThan(4 * 65_536);
        assertThat(lines(bytes(parts.toArray()))).containsExactlyElementsOf(expected);
        assertThat(reports).containsExactly("7: not UTF-8 text: byte 0xFF at byte 2 of the line cannot be decoded");
    }
}
