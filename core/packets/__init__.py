"""Packets: programs, answers, drafts, documents, signing, certificates, PDFs."""
