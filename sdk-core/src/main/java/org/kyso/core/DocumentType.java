package org.kyso.core;

/** The kind of signed document, recognised from its content. */
public enum DocumentType {
    PDF, XML, CMS, UNKNOWN
}
