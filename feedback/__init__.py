"""Feedback on the customer centre itself ("Vi vill veta vad du tycker").

Why its own app: feedback is about the portal, not about a case, a customer or an article.
Anyone may send it, signed in or not, from any page; staff read and answer it in admin. It
belongs to none of the apps whose pages it is sent from.
"""
