package io.atozwatch.app.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text lines from bytes, each decoded as UTF-8 on its own and strictly: a line that is not UTF-8 (a stray
 * Latin-1 byte, a truncated sequence) is reported to {@link BadLine} with its number and the offending byte,
 * and read as an empty line, so that a reader of lines skips it and numbers the following ones as the file
 * does, instead of the whole input failing at the first bad byte. Hands out at most one line per read, so a
 * {@link java.io.BufferedReader} on it reads no further ahead than the line asked for, and reports come in
 * line order with whatever its reader reports.
 */
public final class Utf8LineReader extends Reader {

    /** Told of each line that is not UTF-8. */
    @FunctionalInterface
    public interface BadLine {
        void rejected(long lineNumber, String reason);
    }

    private final InputStream in;
    private final BadLine badLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes read from {@link #in} and not yet taken into a line: {@code buffer[position..limit)}. */
    private final byte[] buffer = new byte[65536];

    private int position;
    private int limit;
    private CharBuffer pending = CharBuffer.allocate(0);
    private long lineNumber;
    private long rejected;
    private boolean eof;

    public Utf8LineReader(InputStream in, BadLine badLine) {
        this.in = in;
        this.badLine = badLine;
    }

    /** How many lines were not UTF-8. */
    public long rejected() {
        return rejected;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!pending.hasRemaining() && !nextLine()) {
            return -1;
        }
        int n = Math.min(len, pending.remaining());
        pending.get(buf, off, n);
        return n;
    }

    /** Reads and decodes the next line into {@link #pending}; false at the end of the input. */
    private boolean nextLine() throws IOException {
        if (eof) {
            return false;
        }
        line.reset();
        boolean newline = false;
        while (!newline) {
            if (position == limit && !fill()) {
                break;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            if (position < limit) {
                newline = true;
                position++; // past the '\n'
            }
        }
        if (!newline) {
            eof = true;
            if (line.size() == 0) {
                return false;
            }
        }
        lineNumber++;
        ByteBuffer bytes = ByteBuffer.wrap(line.toByteArray());
        CharBuffer chars = CharBuffer.allocate(bytes.remaining() + 1);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            rejected++;
            int at = bytes.position();
            badLine.rejected(
                    lineNumber,
                    String.format(
                            "not UTF-8 text: byte 0x%02X at byte %d of the line cannot be decoded",
                            bytes.get(at) & 0xff, at + 1));
            chars.clear(); // read as an empty line: skipped, and the next line keeps its number
        }
        if (newline) {
            chars.put('\n');
        }
        chars.flip();
        pending = chars;
        return true;
    }

    /** Reads more bytes into the empty {@link #buffer}; false at the end of the input. */
    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
