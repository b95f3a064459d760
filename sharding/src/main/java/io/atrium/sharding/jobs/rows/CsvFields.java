package io.atrium.sharding.jobs.rows;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields, RFC 4180 style: fields separated by commas; a field that starts
 * with a double quote runs to the next lone quote, a doubled quote inside it standing for one quote.
 * Unlike RFC 4180 a quoted field cannot hold a line break: datasets are split into chunks at line
 * breaks, and a chunk must be readable on its own. Not thread-safe (it keeps a UTF-8 decoder).
 */
final class CsvFields {

  private static final char QUOTE = '"';
  private static final char SEPARATOR = ',';

  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);

  /** The fields of {@code data[from, to)}, line {@code line} of the dataset. */
  List<String> split(byte[] data, int from, int to, long line) {
    return split(decode(data, from, to, line), line);
  }

  private String decode(byte[] data, int from, int to, long line) {
    try {
      return utf8.decode(ByteBuffer.wrap(data, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedRowException(line, "not valid UTF-8");
    }
  }

  private static List<String> split(String text, long line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (true) {
      int end;
      if (i < text.length() && text.charAt(i) == QUOTE) {
        StringBuilder field = new StringBuilder();
        end = quoted(text, i, line, field);
        fields.add(field.toString());
      } else {
        end = unquoted(text, i, line);
        fields.add(text.substring(i, end));
      }
      if (end == text.length()) {
        return fields;
      }
      i = end + 1;
    }
  }

  /** Reads the quoted field opening at {@code start} into {@code field}; returns the index after it. */
  private static int quoted(String text, int start, long line, StringBuilder field) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != QUOTE) {
        field.append(c);
        i++;
      } else if (i + 1 < text.length() && text.charAt(i + 1) == QUOTE) {
        field.append(QUOTE);
        i += 2;
      } else {
        int after = i + 1;
        if (after < text.length() && text.charAt(after) != SEPARATOR) {
          throw new MalformedRowException(line,
              "text after the closing quote of a field at column " + (after + 1));
        }
        return after;
      }
    }
    throw new MalformedRowException(line,
        "unterminated quoted field starting at column " + (start + 1) + " (quoted fields cannot span lines)");
  }

  /** Returns the index of the separator ending the unquoted field at {@code start}, or the length. */
  private static int unquoted(String text, int start, long line) {
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == SEPARATOR) {
        return i;
      }
      if (c == QUOTE) {
        throw new MalformedRowException(line,
            "a quote inside an unquoted field at column " + (i + 1) + " (quote the whole field and double the quote)");
      }
    }
    return text.length();
  }
}
