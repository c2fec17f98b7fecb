"""Evidence files on a draft: the customer's email (.eml, .msg), PDFs and screenshots."""
