CREATE TABLE "conversation_refs" (
	"platform" text NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"reference" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_refs_pkey" PRIMARY KEY("platform","scope","key")
);
