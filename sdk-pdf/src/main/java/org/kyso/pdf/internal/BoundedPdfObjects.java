package org.kyso.pdf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Date;

import eu.europa.esig.dss.pades.validation.PdfObjectKey;
import eu.europa.esig.dss.pdf.PdfArray;
import eu.europa.esig.dss.pdf.PdfDict;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.PdfObject;

/**
 * A view of a PDF's object graph (through DSS's {@link PdfDict} and {@link PdfArray}) that counts
 * every read and stops the reader with {@link BudgetExceededException} once a budget is spent, or
 * when arrays are nested in one another (directly, without an indirect object between them) more
 * than {@link #MAX_NESTED_ARRAYS} deep, so that code walking the graph cannot run for ever on a
 * hostile document. DSS's object comparison, for one, compares nested arrays twice per level (once
 * from each revision's side), so 50 arrays nested in one another cost it 2<sup>50</sup> steps; and
 * it matches array elements pairwise, so an array of 100,000 references costs 10<sup>10</sup>.
 *
 * <p>Plain delegation (no reflection): counting costs a few nanoseconds a read. Once
 * {@link #close()}d the view stops counting: DSS keeps the objects it handed out in its
 * modification report and reads them later.
 *
 * <p>Used by one comparison, from one thread.
 */
final class BoundedPdfObjects implements AutoCloseable {

    /** Thrown from inside the walk when the budget is spent; carries no stack trace (it is expected). */
    static final class BudgetExceededException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceededException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Arrays nested directly in one another (through direct dictionaries too) deeper than this are
     * refused: real PDFs nest a few (a dash array in a border array), never dozens.
     */
    static final int MAX_NESTED_ARRAYS = 16;

    private final long budget;
    private long left;
    private boolean counting = true;

    BoundedPdfObjects(long budget) {
        this.budget = budget;
        this.left = budget;
    }

    /** {@code reader}, whose catalog dictionary (and everything reached from it) is read through this view. */
    PdfDocumentReader reader(PdfDocumentReader reader) {
        // The reader itself has many methods and is read once: a dynamic proxy is simple enough there.
        return (PdfDocumentReader) Proxy.newProxyInstance(PdfDocumentReader.class.getClassLoader(),
                new Class<?>[] {PdfDocumentReader.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "bounded " + reader;
                        };
                    }
                    try {
                        Object result = method.invoke(reader, args);
                        return "getCatalogDictionary".equals(method.getName()) && result != null ? new Dict((PdfDict) result, 0) : result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Reads spent so far. */
    long spent() {
        return budget - left;
    }

    @Override
    public void close() {
        counting = false;
    }

    private void spend() {
        if (counting && --left < 0) {
            throw new BudgetExceededException("More than " + budget + " PDF object reads: the object graph is too large"
                    + " or too nested to compare");
        }
    }

    /**
     * {@code child} as read through this view.
     *
     * @param arrays how many arrays hold the parent directly (0 when the parent is an indirect object or below one)
     * @param direct whether the child is a direct object (held in the parent itself, not referenced)
     */
    private PdfObject wrap(PdfObject child, int arrays, boolean direct) {
        if (child instanceof Dict || child instanceof Array) {
            return child;
        }
        if (child instanceof PdfDict d) {
            return new Dict(d, direct ? arrays : 0);
        }
        if (child instanceof PdfArray a) {
            int nested = (direct ? arrays : 0) + 1;
            if (nested > MAX_NESTED_ARRAYS) {
                throw new BudgetExceededException("Arrays nested more than " + MAX_NESTED_ARRAYS
                        + " deep: the object graph is too nested to compare");
            }
            return new Array(a, nested);
        }
        return child;
    }

    private static PdfObject unwrap(PdfObject o) {
        if (o instanceof Dict d) {
            return d.target;
        }
        if (o instanceof Array a) {
            return a.target;
        }
        return o;
    }

    private final class Dict implements PdfDict {
        final PdfDict target;
        /** Arrays that hold this dictionary directly. */
        final int arrays;

        Dict(PdfDict target, int arrays) {
            this.target = target;
            this.arrays = arrays;
        }

        private PdfObject child(String name, PdfObject value) {
            return value == null ? null : wrap(value, arrays, target.getObjectKey(name) == null);
        }

        @Override
        public PdfDict getAsDict(String name) {
            spend();
            return (PdfDict) child(name, target.getAsDict(name));
        }

        @Override
        public PdfArray getAsArray(String name) {
            spend();
            return (PdfArray) child(name, target.getAsArray(name));
        }

        @Override
        public byte[] getBinariesValue(String name) throws IOException {
            spend();
            return target.getBinariesValue(name);
        }

        @Override
        public String[] list() {
            spend();
            return target.list();
        }

        @Override
        public String getStringValue(String name) {
            spend();
            return target.getStringValue(name);
        }

        @Override
        public String getNameValue(String name) {
            spend();
            return target.getNameValue(name);
        }

        @Override
        public Date getDateValue(String name) {
            spend();
            return target.getDateValue(name);
        }

        @Override
        public Number getNumberValue(String name) {
            spend();
            return target.getNumberValue(name);
        }

        @Override
        public PdfObject getObject(String name) {
            spend();
            return child(name, target.getObject(name));
        }

        @Override
        public PdfObjectKey getObjectKey(String name) {
            spend();
            return target.getObjectKey(name);
        }

        @Override
        public byte[] getStreamBytes() throws IOException {
            spend();
            return target.getStreamBytes();
        }

        @Override
        public InputStream createRawInputStream() throws IOException {
            spend();
            return target.createRawInputStream();
        }

        @Override
        public long getRawStreamSize() throws IOException {
            spend();
            return target.getRawStreamSize();
        }

        @Override
        public void setPdfObjectValue(String key, PdfObject pdfObject) {
            target.setPdfObjectValue(key, unwrap(pdfObject));
        }

        @Override
        public void setNameValue(String key, String value) {
            target.setNameValue(key, value);
        }

        @Override
        public void setStringValue(String key, String value) {
            target.setStringValue(key, value);
        }

        @Override
        public void setIntegerValue(String key, Integer value) {
            target.setIntegerValue(key, value);
        }

        @Override
        public void setDirect(boolean direct) {
            target.setDirect(direct);
        }

        @Override
        public boolean match(PdfDict pdfDict) {
            spend();
            return target.match((PdfDict) unwrap(pdfDict));
        }

        @Override
        public Object getValue() {
            return target.getValue();
        }

        @Override
        public PdfObject getParent() {
            return target.getParent(); // DSS's comparison never goes up; the parent is not counted
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PdfObject p && target.equals(unwrap(p));
        }

        @Override
        public int hashCode() {
            return target.hashCode();
        }

        @Override
        public String toString() {
            return target.toString();
        }
    }

    private final class Array implements PdfArray {
        final PdfArray target;
        /** Arrays that hold this array directly, this one included. */
        final int arrays;

        Array(PdfArray target, int arrays) {
            this.target = target;
            this.arrays = arrays;
        }

        private PdfObject child(int i, PdfObject value) {
            return value == null ? null : wrap(value, arrays, target.getObjectKey(i) == null);
        }

        @Override
        public int size() {
            return target.size();
        }

        @Override
        public byte[] getStreamBytes(int i) throws IOException {
            spend();
            return target.getStreamBytes(i);
        }

        @Override
        public PdfObjectKey getObjectKey(int i) {
            spend();
            return target.getObjectKey(i);
        }

        @Override
        public Number getNumber(int i) {
            spend();
            return target.getNumber(i);
        }

        @Override
        public String getString(int i) {
            spend();
            return target.getString(i);
        }

        @Override
        public PdfDict getAsDict(int i) {
            spend();
            return (PdfDict) child(i, target.getAsDict(i));
        }

        @Override
        public PdfObject getObject(int i) {
            spend();
            return child(i, target.getObject(i));
        }

        @Override
        public void addObject(PdfObject pdfObject) {
            target.addObject(unwrap(pdfObject));
        }

        @Override
        public void setDirect(boolean direct) {
            target.setDirect(direct);
        }

        @Override
        public Object getValue() {
            return target.getValue();
        }

        @Override
        public PdfObject getParent() {
            return target.getParent(); // DSS's comparison never goes up; the parent is not counted
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PdfObject p && target.equals(unwrap(p));
        }

        @Override
        public int hashCode() {
            return target.hashCode();
        }

        @Override
        public String toString() {
            return target.toString();
        }
    }
}
