"""The toolkit every area uses: the form renderer, base screens, dialogs and keys."""
