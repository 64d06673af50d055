ALTER TYPE "public"."language" ADD VALUE 'java';--> statement-breakpoint
ALTER TYPE "public"."language" ADD VALUE 'cpp';--> statement-breakpoint
ALTER TYPE "public"."language" ADD VALUE 'go';--> statement-breakpoint
ALTER TYPE "public"."language" ADD VALUE 'rust';--> statement-breakpoint
ALTER TABLE "interview_sessions" ADD COLUMN "language" "language";--> statement-breakpoint
ALTER TABLE "assessments" ADD COLUMN "languages" "language"[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "problems" ADD COLUMN "language_versions" jsonb;