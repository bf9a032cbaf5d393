package org.kyso.pdf.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSObject;

/**
 * Estimates what DSS's object comparisons will cost on a PDF before DSS runs them. DSS compares the
 * signed and final revisions of each signature ({@code DefaultPdfObjectModificationsFinder}), and
 * each signature dictionary with its copy in the signed revision
 * ({@code PdfSigDictWrapper.checkConsistency}, with a finder of its own that KySo cannot bound).
 * Both compare the elements of an array twice, once from each revision's side, and again for every
 * array that holds that array directly: an object under <i>k</i> arrays nested in one another
 * (directly, or through direct dictionaries) costs 2<sup>k</sup> visits; a reference to an indirect
 * object starts afresh. 50 arrays nested in a signature's {@code /Prop_Build} never finish. And they
 * look up each referenced element of an array in the other revision's array one by one: an array
 * of <i>n</i> references costs 2<i>n</i><sup>2</sup> steps (a flat page tree of 5,000 pages: 50 million).
 *
 * <p>The estimate walks the objects reachable from the trailer once, adding 2<sup>k</sup> for each,
 * and stops as soon as it passes the limit. Real documents cost a few times their number of
 * objects; nesting is what makes it explode.
 */
final class ComparisonCost {

    /** Objects walked at most: past this the document is large, not nested, and the estimate stops. */
    private static final int MAX_NODES = 5_000_000;

    private ComparisonCost() {
    }

    /** The estimated cost of comparing {@code document} with itself, or a value past {@code limit} as soon as it is reached. */
    static long of(COSDocument document, long limit) {
        Map<COSBase, Boolean> visited = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {document.getTrailer(), 0});
        double cost = 0;
        int nodes = 0;
        while (!stack.isEmpty() && nodes++ < MAX_NODES) {
            Object[] top = stack.pop();
            COSBase value = (COSBase) top[0];
            int arrays = (Integer) top[1];
            if (value instanceof COSObject reference) {
                COSBase target = reference.getObject();
                if (target != null && visited.put(target, Boolean.TRUE) == null) {
                    stack.push(new Object[] {target, 0}); // an indirect object starts afresh
                }
                continue;
            }
            double weight = Math.pow(2, Math.min(arrays, 62));
            if (value instanceof COSArray array) {
                arrays++;
                int references = 0;
                for (int i = 0; i < array.size(); i++) {
                    COSBase item = array.get(i);
                    references += item instanceof COSObject ? 1 : 0;
                    stack.push(new Object[] {item, arrays});
                }
                // DSS looks each referenced element up in the other revision's array, element by
                // element, from both sides: quadratic (its comparison of revisions counts these steps
                // as reads in BoundedPdfObjects too).
                cost += weight * 2.0 * array.size() * references;
            } else if (value instanceof COSDictionary dictionary) {
                for (COSBase item : dictionary.getValues()) {
                    stack.push(new Object[] {item, arrays});
                }
            }
            cost += weight;
            if (cost > limit) {
                return (long) Math.min(cost, Long.MAX_VALUE);
            }
        }
        return (long) cost;
    }
}
