"""Answer extraction: free text in German and English to qualification facts."""
