package org.kyso.core;

import java.time.Instant;

/**
 * A timestamp found in a document: attached to a signature ({@code type} such as
 * SIGNATURE_TIMESTAMP, ARCHIVE_TIMESTAMP) or, in a PDF, a document timestamp.
 *
 * @param type DSS's timestamp type name
 * @param time the time the TSA asserted
 * @param integrity the message imprint matches the data and the TSA's signature verifies
 * @param coversWholeDocument PDF document timestamps only: the byte range reaches the end of its
 *        revision and nothing after it changes content; {@code null} otherwise
 */
public record TimestampReport(String type, Instant time, boolean integrity, Boolean coversWholeDocument) {
}
