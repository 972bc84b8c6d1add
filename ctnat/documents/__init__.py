"""Document tooling shared by the report and the workshop documents: python-docx
helpers (tables, captions, fields, page geometry), the Word template, the
package properties stamp (CT-NAT as the application), Markdown to Word, and the
PDF conversion through LibreOffice. It knows nothing of what a document says."""
